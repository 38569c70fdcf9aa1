namespace EngineRoom.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section (README, configuration table).</summary>
public sealed class WebhookOptions
{
    /// <summary>Accept <c>http</c> URLs too (otherwise <c>https</c> only).</summary>
    public bool AllowHttp { get; set; }
    /// <summary>Accept loopback, private, link-local and similar addresses: development and tests only. Cloud metadata addresses stay refused.</summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>How often each instance looks for deliveries that came due (new events wake it at once).</summary>
    public double PollSeconds { get; set; } = 1;
    public int TimeoutSeconds { get; set; } = 15;
    /// <summary>How long a claimed delivery stays with its sender before another instance may take it.</summary>
    public int LeaseSeconds { get; set; } = 60;
    /// <summary>Sends in flight at once per instance, over all endpoints.</summary>
    public int MaxParallelSends { get; set; } = 32;
    /// <summary>Sends in flight at once per instance to one endpoint, so a slow receiver holds only these.</summary>
    public int MaxParallelPerEndpoint { get; set; } = 8;
    /// <summary>An endpoint whose every delivery failed for this long is disabled.</summary>
    public double DisableAfterDays { get; set; } = 5;
    /// <summary>After a rotation, how long the previous secret signs beside the new one (unless the request says otherwise).</summary>
    public double RotationOverlapHours { get; set; } = 24;
}
