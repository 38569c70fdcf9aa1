using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace EngineRoom.Webhooks;

/// <summary>What one attempt got: the receiver's status (none when no answer came), the time it took, the first 1 KB of the answer, or the error.</summary>
public sealed record SendResult(int? StatusCode, int LatencyMs, string? Response, string? Error, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Sends one delivery: a POST of its stored body with the Standard Webhooks headers, signed with every key that signs
/// now, through the <c>webhooks</c> HttpClient (the SSRF guard connects; redirects are not followed). Never throws for
/// what a receiver does (hangs, resets, garbage): that is a failed <see cref="SendResult"/>.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, TimeProvider clock, IOptions<WebhookOptions> options)
{
    public const string ClientName = "webhooks";
    public const int ResponseChars = 1024;

    public async Task<SendResult> SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken ct)
    {
        var keys = secrets.SigningKeys(endpoint, clock.GetUtcNow());
        if (keys.Count == 0) return new(null, 0, null, "The signing secret cannot be opened (Auth:SigningKey changed?): rotate the endpoint's secret.");
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSecrets.Signature(keys, delivery.WebhookId, timestamp, delivery.Body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answer = await ReadStartAsync(response.Content, timeout.Token);
            return new((int)response.StatusCode, Elapsed(watch), answer, null, response.Headers.RetryAfter?.Delta);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var error = e is OperationCanceledException ? $"No answer within {options.Value.TimeoutSeconds} s." : Describe(e);
            return new(null, Elapsed(watch), null, error);
        }
    }

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    // Only the first 1 KB is read: a receiver cannot make us hold a large answer.
    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[ResponseChars];
        int read = 0, n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        return Printable(Encoding.UTF8.GetString(buffer, 0, read));
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) parts.Add(x.Message);
        var text = Printable(string.Join(" <- ", parts.Distinct()));
        return text.Length > 500 ? text[..500] : text;
    }

    // Stored text: no NUL or other control characters (PostgreSQL refuses NUL in text).
    private static string Printable(string text) =>
        string.Create(text.Length, text, (span, s) => { for (var i = 0; i < s.Length; i++) span[i] = char.IsControl(s[i]) && s[i] is not ('\n' or '\r' or '\t') ? '\uFFFD' : s[i]; });
}
