using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace EngineRoom.Common;

/// <summary>
/// Every query string and path is refused (400 <c>validation_failed</c> naming the parameter) when it holds a control
/// character: PostgreSQL cannot store or compare NUL, and nothing legitimate sends one.
/// Every JSON body, on every endpoint, is read once here before anything binds, stores or logs it, and refused when:
/// <list type="bullet">
/// <item>it declares a charset other than UTF-8 (415 <c>unsupported_charset</c>): the binder would transcode it, so a
/// guard that reads UTF-8 could be walked around;</item>
/// <item>any string (or property name) holds something that looks like a card number: 13-19 digits passing the Luhn
/// check, written with any separators or Unicode digit forms (400 <c>card_data_refused</c>). No card number ever
/// reaches EngineRoom: storefronts tokenize with the provider and send a token;</item>
/// <item>a string holds a control character other than tab, CR and LF, or an unpaired surrogate (400 <c>validation_failed</c>);</item>
/// <item>an object names a property twice (400 <c>duplicate_property</c>): which one a reader takes is a guess.</item>
/// </list>
/// It guards every endpoint rather than the ones marked for it: the first attack went through an endpoint nobody marked.
/// The one exception is a body a payment provider signed (<see cref="SignedProviderBody"/>): the endpoint verifies the
/// signature over the exact bytes before anything reads them, and a provider's ids (a card network's 15-16 digit
/// transaction id) can pass the card-number test, which would refuse the provider's deliveries for ever (docs/decisions/0010).
/// </summary>
internal sealed class InputGuard(RequestDelegate next)
{
    /// <summary>Endpoint metadata: the body is a payment provider's signed payload, verified by the endpoint itself.</summary>
    public sealed class SignedProviderBody;

    // A property with one of these names is card data whatever its value looks like.
    private static readonly HashSet<string> CardFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "cardNumber", "card_number", "pan", "cvc", "cvv", "cvv2", "cvc2", "securityCode", "security_code",
    };

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (ControlCharacterIn(request) is { } field)
        {
            await Problems.Validation(field, "Control characters are not allowed in the URL.").ExecuteAsync(http);
            return;
        }
        if (request.ContentLength == 0 || http.GetEndpoint()?.Metadata.GetMetadata<SignedProviderBody>() is not null || request.ContentType is null
            || http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !IsJson(type))
        {
            await next(http);
            return;
        }
        if (type.Charset is { Length: > 0 } charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            await Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_charset",
                $"JSON bodies must be UTF-8; this one says charset={charset}.").ExecuteAsync(http);
            return;
        }

        request.EnableBuffering();
        ProblemHttpResult? refusal;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, http.RequestAborted);
            refusal = Inspect(document.RootElement, "");
        }
        catch (JsonException) { refusal = null; } // not JSON: the binder answers malformed_json
        request.Body.Position = 0;

        if (refusal is null) await next(http);
        else await refusal.ExecuteAsync(http);
    }

    private static string? ControlCharacterIn(HttpRequest request)
    {
        if (HasControl(request.Path.Value)) return "path";
        if (!request.QueryString.HasValue) return null;
        foreach (var (name, values) in request.Query)
        {
            if (HasControl(name)) return name;
            foreach (var value in values)
                if (HasControl(value)) return name;
        }
        return null;
    }

    private static bool HasControl(string? text) =>
        text is not null && (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0);

    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || type.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true
        || type.MediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult? Inspect(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = null;
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (!(seen ??= new(StringComparer.Ordinal)).Add(property.Name))
                        return Problems.Create(StatusCodes.Status400BadRequest, "duplicate_property",
                            $"'{at}' appears more than once in the same object.", new Dictionary<string, object?> { ["field"] = at });
                    if (CardFields.Contains(property.Name) && property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number) return CardDataRefused(at);
                    if ((InspectText(property.Name, at) ?? Inspect(property.Value, at)) is { } refused) return refused;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (Inspect(item, $"{path}[{i++}]") is { } refused) return refused;
                return null;
            case JsonValueKind.String:
                string text;
                try { text = element.GetString()!; }
                catch (InvalidOperationException) { return Problems.Validation(FieldName(path), "The text is not valid Unicode."); }
                return InspectText(text, path);
            case JsonValueKind.Number:
                return CardNumbers.Contain(element.GetRawText()) ? CardDataRefused(path) : null;
            default:
                return null;
        }
    }

    private static ProblemHttpResult? InspectText(string text, string path)
    {
        foreach (var rune in text.EnumerateRunes())
            if (Rune.IsControl(rune) && rune.Value is not ('\t' or '\n' or '\r'))
                return Problems.Validation(FieldName(path), $"Control characters (U+{rune.Value:X4}) are not allowed.");
        if (text.Any(char.IsSurrogate) && !IsWellFormed(text))
            return Problems.Validation(FieldName(path), "The text is not valid Unicode.");
        return CardNumbers.Contain(text) ? CardDataRefused(path) : null;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[++i])) return false;
        }
        return true;
    }

    private static string FieldName(string path) => path.Length == 0 ? "body" : path;

    private static ProblemHttpResult CardDataRefused(string path) =>
        Problems.Create(StatusCodes.Status400BadRequest, "card_data_refused",
            $"'{FieldName(path)}' looks like a card number. EngineRoom never accepts card details: tokenize the card with the payment provider and send paymentToken.",
            new Dictionary<string, object?> { ["field"] = FieldName(path) });
}

/// <summary>Finds card-number-like data in text: 13-19 digits that pass the Luhn check, whatever separates or spells them.</summary>
internal static class CardNumbers
{
    /// <summary>
    /// Digits are any Unicode decimal digit (full-width, Arabic-Indic...); between two digits any run of separators
    /// (whitespace, dashes, dots, slashes, underscores, invisible format characters) of up to 3 characters is skipped,
    /// so "4242 4242-4242.4242" is one number. A run of more than 19 digits is an identifier, not a card, and so is a
    /// run glued to a letter ("o3614d5172360123456789b8e", a hex id): a card someone typed stands apart from words.
    /// </summary>
    public static bool Contain(string text)
    {
        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        var gap = 0;
        var gluedBefore = false;
        var previous = '\0';
        foreach (var c in text)
        {
            var digit = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (digit >= 0)
            {
                if (count == 0) gluedBefore = char.IsLetter(previous);
                if (count < digits.Length) digits[count] = (byte)digit;
                count++;
                gap = 0;
            }
            else if (count > 0 && gap < 3 && IsSeparator(c)) gap++;
            else
            {
                if (count > 0 && !gluedBefore && !(gap == 0 && char.IsLetter(c)) && Passes(digits, count)) return true;
                count = 0;
                gap = 0;
            }
            previous = c;
        }
        return count > 0 && !gluedBefore && Passes(digits, count);
    }

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '.' or '/' or '\u2212'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.DashPunctuation or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.Format;

    private static bool Passes(ReadOnlySpan<byte> digits, int count)
    {
        if (count is < 13 or > 19) return false;
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            int d = digits[count - 1 - i];
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }
}
