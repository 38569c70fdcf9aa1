using System.Net;
using System.Text.RegularExpressions;
using EngineRoom.Common;
using Microsoft.Extensions.Options;

namespace EngineRoom.Email;

public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>
/// The templates: per message a plain-text part (<c>{name}.txt</c>, whose first line is <c>Subject: ...</c>) and an HTML
/// part (<c>{name}.html</c>, placed into <c>layout.html</c>), built into the assembly from Email/Templates and replaced by
/// a file of the same name in <c>Email:TemplatesPath</c>, read at each render so an edit applies at once. The syntax is
/// a small part of Mustache: <c>{{key}}</c> inserts a value (HTML-encoded in the HTML part, its line breaks as
/// <c>&lt;br&gt;</c>), <c>{{#key}}...{{/key}}</c> shows its text only when the value is not empty, <c>{{^key}}...{{/key}}</c>
/// only when it is. There is no way to insert raw HTML from a value. An unknown key renders empty.
/// </summary>
public sealed partial class EmailTemplates(IOptions<EmailOptions> options, IOptions<StoreOptions> store)
{
    /// <summary>Every template with the values it is given, as sample data for the staff preview.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Samples = SampleModels.All;

    /// <summary>Templates whose model holds a secret link: erased when the message is sent or given up.</summary>
    public static bool HoldsSecret(string template) => template is AccountMail.PasswordResetTemplate or AccountMail.VerifyEmailTemplate;

    public RenderedEmail Render(string template, IReadOnlyDictionary<string, string> model)
    {
        var values = new Dictionary<string, string>(model, StringComparer.Ordinal) { ["storeName"] = store.Value.Name };
        var text = Read($"{template}.txt").ReplaceLineEndings("\n");
        var subject = "";
        if (text.StartsWith("Subject:", StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n') is var i and >= 0 ? i : text.Length;
            subject = Fill(text[8..end], values, html: false).Trim();
            text = text[Math.Min(end + 1, text.Length)..].TrimStart('\n');
        }
        var body = Fill(Read($"{template}.html"), values, html: true);
        var html = Fill(Read("layout.html"), values, html: true, rawBody: body);
        return new RenderedEmail(subject, Fill(text, values, html: false), html);
    }

    /// <summary>The file from the override folder if it has one, else the built-in one; a template that does not exist throws.</summary>
    private string Read(string file)
    {
        if (options.Value.TemplatesPath is { Length: > 0 } folder && Path.Combine(folder, file) is var path && File.Exists(path))
            return File.ReadAllText(path);
        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream($"EngineRoom.Email.Templates.{file}")
            ?? throw new InvalidOperationException($"No email template '{file}'.");
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"\{\{([#^])(\w+)\}\}(.*?)\{\{/\2\}\}", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();

    private static string Fill(string template, IReadOnlyDictionary<string, string> values, bool html, string? rawBody = null)
    {
        string Value(string key) => values.TryGetValue(key, out var v) ? v : "";
        var shown = Section().Replace(template, m => (Value(m.Groups[2].Value).Length > 0) == (m.Groups[1].Value == "#") ? m.Groups[3].Value : "");
        return Placeholder().Replace(shown, m => m.Groups[1].Value == "body" && rawBody is not null ? rawBody
            : html ? WebUtility.HtmlEncode(Value(m.Groups[1].Value)).ReplaceLineEndings("<br>\n") : Value(m.Groups[1].Value));
    }
}
