using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>API keys made through the admin API, and clients that send one.</summary>
public static class ApiKeyClients
{
    public sealed record CreatedKey(Guid Id, string Key, JsonElement Answer);

    public static async Task<CreatedKey> CreateAsync(HttpClient admin, IEnumerable<string> scopes, DateTimeOffset? expiresAt = null, string name = "Test key")
    {
        var answer = await (await admin.PostAsJsonAsync("/admin/api-keys", new { name, scopes, expiresAt })).JsonAsync(HttpStatusCode.Created);
        return new CreatedKey(answer.GetProperty("id").GetGuid(), answer.GetProperty("key").GetString()!, answer);
    }

    public static HttpClient WithKey(this WebApplicationFactory<Program> app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
