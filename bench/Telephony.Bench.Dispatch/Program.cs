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
await (options.Mode switch
{
    "throughput" => DispatchLoads.ThroughputAsync(options),
    "backlog" => DispatchLoads.BacklogAsync(options),
    _ => PingLoad.RunAsync(options),
});

return 0;
