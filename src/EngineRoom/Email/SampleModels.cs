namespace EngineRoom.Email;

/// <summary>Every template's values with sample data: the staff preview renders these, and they list what each template is given.</summary>
internal static class SampleModels
{
    private const string OrderId = "0193b1c2-7a40-7c3e-9f00-3c1d2e4f5a6b";
    private const string Url = "https://shop.example.com/orders/" + OrderId + "#token=sample-token";

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> All =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            [OrderMail.Confirmation] = Order(("lines", "2 × Linen shirt (M): $59.98\n1 × Canvas tote: $19.00"), ("subtotal", "$78.98"),
                ("discount", "-$5.00"), ("shipping", "$4.95"), ("tax", "$6.32"), ("total", "$85.25"), ("placedAt", "2026-11-30 14:05 UTC"),
                ("shipTo", "Ada Lovelace\n12 St James's Square\nLondon SW1Y 4JH\nGB")),
            [OrderMail.Receipt] = Order(("total", "$85.25"), ("paidAt", "2026-11-30 14:05 UTC")),
            [OrderMail.Shipped] = Order(("carrier", "UPS"), ("trackingNumber", "1Z999AA10123456784"), ("shippedAt", "2026-12-01 09:30 UTC")),
            [OrderMail.Refunded] = Order(("amount", "$19.00"), ("totalRefunded", "$19.00"), ("refundedAt", "2026-12-04 11:00 UTC")),
            [OrderMail.Cancelled] = Order(("refunded", "$85.25"), ("cancelledAt", "2026-11-30 15:00 UTC")),
            [OrderMail.ReturnReceived] = Order(("lines", "1 × Canvas tote"), ("refunded", "$19.00"), ("receivedAt", "2026-12-04 11:00 UTC")),
            [AccountMail.PasswordResetTemplate] = Of(("name", "Ada"), ("resetUrl", "https://shop.example.com/reset-password#token=sample-token"),
                ("expiresAt", "2026-11-30 14:35 UTC")),
            [AccountMail.VerifyEmailTemplate] = Of(("name", "Ada"), ("verifyUrl", "https://shop.example.com/verify-email#token=sample-token"),
                ("expiresAt", "2026-12-01 14:05 UTC")),
            [AccountMail.EmailChangedTemplate] = Of(("name", "Ada"), ("newEmail", "ada@example.org")),
        };

    private static Dictionary<string, string> Order(params (string Key, string Value)[] more) =>
        Of([("name", "Ada Lovelace"), ("orderId", OrderId), ("orderUrl", Url), .. more]);

    private static Dictionary<string, string> Of(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
}
