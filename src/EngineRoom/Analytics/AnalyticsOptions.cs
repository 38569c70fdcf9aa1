namespace EngineRoom.Analytics;

/// <summary>The <c>Analytics</c> configuration section.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>Off: no outbox consumer, no counters; the endpoints answer from the rollups as they stand.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How often each instance's live stream reads the version row (one tiny read per instance, not per client).</summary>
    public int LivePollMilliseconds { get; set; } = 100;
    /// <summary>How often the funnel's in-memory counters are written.</summary>
    public double FlushSeconds { get; set; } = 1;
    /// <summary>Counted-message markers older than this, of messages dispatched before it, are deleted hourly (a redelivery comes within the outbox lease, seconds).</summary>
    public int KeepMarkersDays { get; set; } = 7;
}
