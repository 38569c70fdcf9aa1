using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EngineRoom.Tests.GraphQL;

/// <summary>Posts a document to /graphql and reads the GraphQL-over-HTTP answer.</summary>
public static class GraphQLClient
{
    public static async Task<JsonElement> GraphQLAsync(this HttpClient client, string query, object? variables = null,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static JsonElement Data(this JsonElement answer, string field)
    {
        Assert.False(answer.TryGetProperty("errors", out var errors), errors.ToString());
        return answer.GetProperty("data").GetProperty(field);
    }

    public static string? ErrorCode(this JsonElement answer) =>
        answer.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null;
}
