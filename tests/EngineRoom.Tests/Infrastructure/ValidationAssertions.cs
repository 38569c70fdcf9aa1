using System.Net;
using System.Text.Json;

namespace EngineRoom.Tests.Infrastructure;

public static class ValidationAssertions
{
    /// <summary>Asserts a 400 <c>validation_failed</c> whose <c>errors</c> name <paramref name="field"/> (in any letter case).</summary>
    public static async Task<JsonElement> AssertInvalidAsync(this Task<HttpResponseMessage> sending, string field)
    {
        var json = await (await sending).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var names = json.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(names.Any(n => n.Equals(field, StringComparison.OrdinalIgnoreCase) || n.EndsWith("." + field, StringComparison.OrdinalIgnoreCase)),
            $"Expected an error naming '{field}', got: {string.Join(", ", names)}");
        return json;
    }

    public static async Task<JsonElement> AssertProblemAsync(this Task<HttpResponseMessage> sending, HttpStatusCode status, string code) =>
        await (await sending).AssertProblemAsync(status, code);

    public static async Task<JsonElement> JsonAsync(this Task<HttpResponseMessage> sending, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await sending).JsonAsync(expected);
}
