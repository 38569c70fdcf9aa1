namespace EngineRoom.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task AssertAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
