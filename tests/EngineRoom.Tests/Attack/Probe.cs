using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EngineRoom.Tests.Attack;

/// <summary>One request the suite sends, and what came back.</summary>
public sealed record Answer(int Status, string? MediaType, string Body, bool RetryAfter)
{
    /// <summary>What is wrong with the answer whoever asked: a 5xx, or a refusal that is not a problem detail with a code.</summary>
    public string? Problem()
    {
        if (Status >= 500) return $"answered {Status}: {Cut(Body)}";
        if (Status < 400) return null;
        if (Status == 429) return RetryAfter ? null : "answered 429 without Retry-After";
        if (MediaType != "application/problem+json") return $"answered {Status} as {MediaType ?? "no content type"}, not application/problem+json: {Cut(Body)}";
        try
        {
            using var json = JsonDocument.Parse(Body);
            return json.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? null
                : $"answered {Status} with a problem detail without a code: {Cut(Body)}";
        }
        catch (JsonException) { return $"answered {Status} with a problem body that is not JSON: {Cut(Body)}"; }
    }

    public string? Code()
    {
        try { using var json = JsonDocument.Parse(Body); return json.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null; }
        catch (JsonException) { return null; }
    }

    public static string Cut(string text, int max = 300) => text.Length <= max ? text : text[..max] + "...";
}

public static class Probe
{
    public static async Task<Answer> SendAsync(HttpClient client, string method, string pathAndQuery, string? json,
        string contentType = "application/json", Encoding? encoding = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (json is not null)
        {
            request.Content = new ByteArrayContent((encoding ?? Encoding.UTF8).GetBytes(json));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (method == "POST") request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(),
            response.Headers.RetryAfter is not null);
    }

    public static string Describe(string method, string pathAndQuery, string? body) =>
        $"{method} {Answer.Cut(pathAndQuery, 200)}" + (body is null ? "" : $" body {Answer.Cut(body, 200)}");
}
