using System.Text.RegularExpressions;
using EngineRoom.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>
/// The account mail (password reset, email verification, email changed) a test app sent, read back from its SMTP sink:
/// the real path, queued in the flow's own transaction by the Email module and delivered over SMTP.
/// </summary>
public sealed partial class AccountMailbox(EngineRoomApp app)
{
    public sealed record Mail(string Kind, string To, string Subject, string Text)
    {
        /// <summary>The token in the mail's link (<c>token=</c>, in the fragment or the query).</summary>
        public string Token => TokenPattern().Match(Text) is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value)
            : throw new InvalidOperationException($"A {Kind} mail has no link with a token.");

        /// <summary>The new address an email-changed notice names.</summary>
        public string NewEmail => NewEmailPattern().Match(Text).Groups[1].Value;
    }

    // Which mail is which: the built-in templates' subjects.
    private static readonly Dictionary<string, string> Subjects = new()
    {
        ["PasswordReset"] = "Reset your", ["VerifyEmail"] = "Confirm your email address", ["EmailChanged"] = "The email address of your",
    };

    /// <summary>Every mail of a kind sent to <paramref name="email"/>, once everything queued for that address has gone out.</summary>
    public async Task<IReadOnlyList<Mail>> ToAsync(string email, string kind)
    {
        await DeliverAsync(email);
        return app.Smtp.To(email).Where(m => m.Subject.StartsWith(Subjects[kind], StringComparison.Ordinal))
            .Select(m => new Mail(kind, email, m.Subject, m.Text)).ToList();
    }

    public async Task<Mail> LastAsync(string email, string kind) =>
        await ToAsync(email, kind) is { Count: > 0 } mails ? mails[^1] : throw new Xunit.Sdk.XunitException($"No {kind} mail to {email}.");

    // Sends what is due now (as the background sender would), then waits until nothing for the address is still pending.
    private async Task DeliverAsync(string email)
    {
        var sender = app.Services.GetRequiredService<EmailSender>();
        while (await sender.SendDueAsync(default) > 0) { }
        var address = email.ToLowerInvariant();
        await Eventually.AssertAsync(() => app.QueryAsync(async db =>
            !await db.EmailMessages.AnyAsync(m => m.Recipient.ToLower() == address && m.Status == EmailStatus.Pending)), $"the mail to {email} sent");
    }

    [GeneratedRegex(@"token=([^\s&""<]+)")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"changed to (\S+@\S+?)\.(\s|$)")]
    private static partial Regex NewEmailPattern();
}
