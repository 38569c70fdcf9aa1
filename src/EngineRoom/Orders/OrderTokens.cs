using System.Security.Cryptography;

namespace EngineRoom.Orders;

/// <summary>A guest's order token proves the guest; orders keep only its hash.</summary>
public static class OrderTokens
{
    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
