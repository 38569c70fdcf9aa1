using Microsoft.AspNetCore.Identity;

namespace EngineRoom.Customers;

internal static class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>A hash of nothing in particular, verified when no account matches so that both paths take as long.</summary>
    private static string? _decoy;

    public static bool Verify(IPasswordHasher<Account> hasher, Account? account, string password, out bool needsRehash)
    {
        needsRehash = false;
        if (account is null)
        {
            _decoy ??= hasher.HashPassword(null!, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(null!, _decoy, password);
            return false;
        }
        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        needsRehash = result == PasswordVerificationResult.SuccessRehashNeeded;
        return result != PasswordVerificationResult.Failed;
    }
}
