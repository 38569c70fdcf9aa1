using Microsoft.Extensions.Options;

namespace EngineRoom.Email;

/// <summary>The templates staff can preview, each with the values it is given and whether a file in Email:TemplatesPath replaces a part.</summary>
internal static class ListEmailTemplates
{
    public sealed record TemplateInfo(string Name, IReadOnlyList<string> Fields, bool TextOverridden, bool HtmlOverridden);

    public static RouteHandlerBuilder MapListEmailTemplates(this RouteGroupBuilder email) =>
        email.MapGet("/templates", Handle).WithName(nameof(ListEmailTemplates))
            .WithSummary("Lists the email templates and where each comes from (staff)");

    private static Ok<List<TemplateInfo>> Handle(IOptions<EmailOptions> options)
    {
        bool Overrides(string file) => options.Value.TemplatesPath is { Length: > 0 } folder && File.Exists(Path.Combine(folder, file));
        return TypedResults.Ok(EmailTemplates.Samples.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TemplateInfo(t.Key, [.. t.Value.Keys.Append("storeName").Order(StringComparer.Ordinal)], Overrides($"{t.Key}.txt"), Overrides($"{t.Key}.html")))
            .ToList());
    }
}
