namespace EngineRoom.Email;

/// <summary>A template rendered with sample data, as a customer would get it (subject, text part, HTML part), with the override folder applied.</summary>
internal static class PreviewEmailTemplate
{
    public sealed record Preview(string Name, string Subject, string Text, string Html);

    public static RouteHandlerBuilder MapPreviewEmailTemplate(this RouteGroupBuilder email) =>
        email.MapGet("/templates/{name}/preview", Handle).WithName(nameof(PreviewEmailTemplate))
            .WithSummary("Renders a template with sample data, text and HTML (staff)");

    // Only the names in the catalogue reach the file system, so a name can never point outside the template folder.
    private static Results<Ok<Preview>, NotFound> Handle(string name, EmailTemplates templates)
    {
        if (!EmailTemplates.Samples.TryGetValue(name, out var sample)) return TypedResults.NotFound();
        var rendered = templates.Render(name, sample);
        return TypedResults.Ok(new Preview(name, rendered.Subject, rendered.Text, rendered.Html));
    }
}
