using EngineRoom.Customers;
using EngineRoom.Data;

namespace EngineRoom.Email;

/// <summary>
/// The account flows' mail (Customers' <see cref="IAccountMail"/> port): each call adds one message to the caller's
/// unit of work, so it is saved in the caller's transaction and sent after it commits, never for a change rolled back.
/// </summary>
internal sealed class AccountMail(TimeProvider clock, Microsoft.Extensions.Options.IOptions<EmailOptions> options) : IAccountMail
{
    public const string PasswordResetTemplate = "password-reset";
    public const string VerifyEmailTemplate = "verify-email";
    public const string EmailChangedTemplate = "email-changed";

    public void PasswordReset(EngineRoomDb db, AccountMailRecipient to, string resetUrl, DateTimeOffset expiresAt) =>
        Add(db, PasswordResetTemplate, to, ("resetUrl", resetUrl), ("expiresAt", EmailFormat.Time(expiresAt)));

    public void VerifyEmail(EngineRoomDb db, AccountMailRecipient to, string verifyUrl, DateTimeOffset expiresAt) =>
        Add(db, VerifyEmailTemplate, to, ("verifyUrl", verifyUrl), ("expiresAt", EmailFormat.Time(expiresAt)));

    public void EmailChanged(EngineRoomDb db, AccountMailRecipient oldAddress, string newEmail) =>
        Add(db, EmailChangedTemplate, oldAddress, ("newEmail", newEmail));

    private void Add(EngineRoomDb db, string template, AccountMailRecipient to, params (string Key, string Value)[] values)
    {
        if (!options.Value.Enabled) return; // Email:Enabled=false: nothing is queued
        var now = clock.GetUtcNow();
        var model = values.Append(("name", to.Name ?? "")).ToDictionary(v => v.Item1, v => v.Item2, StringComparer.Ordinal);
        // Each request is its own message (two reset requests are two emails); the key only has to be unique.
        db.EmailMessages.Add(EmailMessage.Create($"{template}:{to.AccountId:N}:{Guid.CreateVersion7(now):N}", template, to.Email, to.Name, model, null, now));
    }
}

internal static class EmailFormat
{
    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
