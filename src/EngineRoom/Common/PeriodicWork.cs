namespace EngineRoom.Common;

/// <summary>
/// The loop every background job shares: run the work on each tick of the injected clock (so tests move time instead
/// of sleeping); a failed run is logged and tried again on the next tick, never taking the host down.
/// </summary>
internal static class PeriodicWork
{
    public static async Task RunAsync(TimeProvider clock, TimeSpan every, Func<CancellationToken, Task> work, ILogger logger,
        string what, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await work(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "{What} failed; will retry", what); }
        }
    }
}
