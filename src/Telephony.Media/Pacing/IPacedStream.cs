namespace Telephony.Media.Pacing;

/// <summary>Something the <see cref="MediaScheduler"/> calls once per 20 ms tick, on its own thread.</summary>
internal interface IPacedStream
{
    /// <summary>
    /// Called once per tick with a tick number that only grows; a jump of more than one means the scheduler fell
    /// behind and skipped ticks rather than sending a burst. Must be quick and must not block.
    /// </summary>
    void OnTick(long tick);

    /// <summary>Told, on the scheduler thread, that <see cref="OnTick"/> threw; the stream is ticked again next time.</summary>
    void OnTickFailed(Exception exception);
}
