using Telephony.Bench.Dispatch;

// Distribution on one silo with in-process agents: calls queued and dispatched per second, and with a backlog of
// waiting calls, the memory they take and the time from an agent becoming Ready to its reservation.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (options.Mode == "throughput")
{
    await DispatchLoads.ThroughputAsync(options);
}
else
{
    await DispatchLoads.BacklogAsync(options);
}

return 0;
