using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Accounts;

internal static class AccountSessions
{
    /// <summary>
    /// With a new security stamp on the account (saved in the same transaction), ends every sign-in: refresh tokens now,
    /// access tokens here once the caller reports the stamp after commit, and on other instances within their poll.
    /// </summary>
    public static Task RevokeRefreshTokensAsync(EngineRoomDb db, Guid accountId, DateTimeOffset now, CancellationToken ct) =>
        db.RefreshTokens.Where(t => t.AccountId == accountId && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);

    public static AccountMailRecipient Recipient(this Account account) => new(account.Id, account.Email, account.Name);
}
