using System.Text.Json;
using EngineRoom.Common;

namespace EngineRoom.Payments;

/// <summary>Marks an endpoint whose body must never carry card data (it takes a provider token instead).</summary>
public sealed class RefusesCardData;

/// <summary>
/// No card number ever reaches EngineRoom: on endpoints marked <see cref="RefusesCardData"/>, a body with a card-like
/// field (cardNumber, pan, cvc...) or any value that looks like a card number (13-19 digits passing the Luhn check)
/// is refused with 400 <c>card_data_refused</c> before it is bound, stored or logged.
/// </summary>
internal sealed class CardDataGuard(RequestDelegate next)
{
    private static readonly HashSet<string> CardFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "cardNumber", "card_number", "number", "pan", "cvc", "cvv", "cvv2", "cvc2", "securityCode", "security_code", "expMonth", "exp_month", "expYear", "exp_year",
    };

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<RefusesCardData>() is null || http.Request.ContentLength == 0)
        {
            await next(http);
            return;
        }
        http.Request.EnableBuffering();
        string? field = null;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            field = FindCardData(document.RootElement, "");
        }
        catch (JsonException) { } // not JSON: the binder answers that
        http.Request.Body.Position = 0;

        if (field is null) await next(http);
        else await Problems.Create(StatusCodes.Status400BadRequest, "card_data_refused",
            $"'{field}' looks like card data. EngineRoom never accepts card details: tokenize the card with the payment provider and send paymentToken.",
            new Dictionary<string, object?> { ["field"] = field }).ExecuteAsync(http);
    }

    private static string? FindCardData(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Select(p =>
            CardFields.Contains(p.Name) && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number && (p.Name != "number" || LooksLikePan(p.Value.ToString()))
                ? Join(path, p.Name) : FindCardData(p.Value, Join(path, p.Name))).FirstOrDefault(f => f is not null),
        JsonValueKind.Array => element.EnumerateArray().Select((e, i) => FindCardData(e, $"{path}[{i}]")).FirstOrDefault(f => f is not null),
        JsonValueKind.String or JsonValueKind.Number => LooksLikePan(element.ToString()) ? path : null,
        _ => null,
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static bool LooksLikePan(string value)
    {
        var digits = value.Where(c => c is not (' ' or '-')).ToArray();
        if (digits.Length is < 13 or > 19 || !digits.All(char.IsAsciiDigit)) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[^(i + 1)] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }
}
