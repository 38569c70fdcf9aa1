using System.Security.Claims;
using System.Security.Cryptography;
using EngineRoom.Data;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EngineRoom.Customers.Tokens;

/// <param name="CartId">After a sign-in that merged a guest cart: the customer's cart now holding its lines.</param>
public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, string? CartId = null);

/// <summary>Mints the access token (a short-lived JWT) and the refresh token of a family.</summary>
internal sealed class TokenIssuer(EngineRoomDb db, SigningCredentials signing, IOptions<AuthOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Adds a refresh token row to <paramref name="db"/> (saved by the caller) and returns the pair.</summary>
    public TokenResponse Issue(Account account, Guid familyId)
    {
        var auth = options.Value;
        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromMinutes(auth.AccessTokenMinutes);
        var accessToken = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = signing,
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, account.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, account.Email),
                new Claim("role", account.Role),
                new Claim("sid", familyId.ToString()),
                new Claim("stamp", account.SecurityStamp), // checked on every request: SessionValidity
            ]),
        });

        var refreshToken = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(now),
            AccountId = account.Id,
            FamilyId = familyId,
            TokenHash = Hash(refreshToken),
            CreatedAt = now,
            ExpiresAt = now.AddDays(auth.RefreshTokenDays),
        });
        return new TokenResponse(accessToken, refreshToken, "Bearer", (int)lifetime.TotalSeconds);
    }

    public static byte[] Hash(string refreshToken) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(refreshToken));
}
