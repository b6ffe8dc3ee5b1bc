namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Waits, briefly and boundedly, for something the server writes just after a call ends (its record is stored once
/// the BYE is processed, a moment after sipp has already exited).
/// </summary>
public static class Eventually
{
    /// <summary>Reads until the value is there (not null, or <paramref name="done"/>) or 10 s (<paramref name="within"/>) have passed; returns the last read.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool>? done = null, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await read();
            if ((done is null ? value is not null : done(value)) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(250);
        }
    }
}
