using System.Collections.Concurrent;
using EngineRoom.Customers;
using EngineRoom.Data;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>
/// The account mail port for tests, until the Email module's real one is registered (it then wins: EngineRoomApp adds
/// this with TryAdd). Records each message when the flow hands it over (before the flow commits).
/// </summary>
public sealed class AccountMailRecorder : IAccountMail
{
    public sealed record Mail(string Kind, Guid AccountId, string To, string? Link, string? NewEmail)
    {
        /// <summary>The token in the link's <c>token=</c> parameter.</summary>
        public string Token => Link is { } link
            ? Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..].Split('&')[0])
            : throw new InvalidOperationException($"A {Kind} mail has no link.");
    }

    public ConcurrentQueue<Mail> Sent { get; } = new();

    public void PasswordReset(EngineRoomDb db, AccountMailRecipient to, string resetUrl, DateTimeOffset expiresAt) =>
        Sent.Enqueue(new Mail(nameof(PasswordReset), to.AccountId, to.Email, resetUrl, null));

    public void VerifyEmail(EngineRoomDb db, AccountMailRecipient to, string verifyUrl, DateTimeOffset expiresAt) =>
        Sent.Enqueue(new Mail(nameof(VerifyEmail), to.AccountId, to.Email, verifyUrl, null));

    public void EmailChanged(EngineRoomDb db, AccountMailRecipient oldAddress, string newEmail) =>
        Sent.Enqueue(new Mail(nameof(EmailChanged), oldAddress.AccountId, oldAddress.Email, null, newEmail));

    public IReadOnlyList<Mail> To(string email, string kind) =>
        Sent.Where(m => m.Kind == kind && string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase)).ToList();

    public Mail Last(string email, string kind) =>
        To(email, kind) is { Count: > 0 } mails ? mails[^1] : throw new Xunit.Sdk.XunitException($"No {kind} mail to {email}.");
}
