using EngineRoom.Data;

namespace EngineRoom.Customers;

/// <summary>
/// The mail the account flows send (password reset, email verification, email changed). Customers owns this port and
/// the Email module implements it: each call adds the message to <paramref name="db"/>'s unit of work, so it is saved in
/// the caller's transaction and sent at least once after it commits, never before.
/// </summary>
public interface IAccountMail
{
    void PasswordReset(EngineRoomDb db, AccountMailRecipient to, string resetUrl, DateTimeOffset expiresAt);
    void VerifyEmail(EngineRoomDb db, AccountMailRecipient to, string verifyUrl, DateTimeOffset expiresAt);
    void EmailChanged(EngineRoomDb db, AccountMailRecipient oldAddress, string newEmail);
}

/// <summary>Who an account message goes to.</summary>
public sealed record AccountMailRecipient(Guid AccountId, string Email, string? Name);
