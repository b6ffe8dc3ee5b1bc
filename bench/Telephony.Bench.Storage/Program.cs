using System.Globalization;
using Telephony.Bench.Storage;
using Telephony.Storage;

// Call records written per second and grain-state writes per second, on each storage provider, at several
// numbers of concurrent writers. Every step runs for a fixed time on a fresh database and stops by itself.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("usage: Telephony.Bench.Storage [--providers sqlite,postgres] [--seconds 10] [--concurrency 1,8,32] [--postgres <Npgsql connection string>]");
    return 2;
}

Console.WriteLine($"{Environment.ProcessorCount} cores, {options.StepDuration.TotalSeconds:0} s per step");
Console.WriteLine("| Provider | Operation | Writers | Writes | Writes/s | p50 | p99 |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var provider in options.Providers)
{
    await using var database = await BenchDatabase.CreateAsync(provider, options.PostgresConnectionString);
    foreach (var workers in options.Concurrency)
    {
        Print(provider, "call record", await StorageLoads.CallRecordsAsync(database.Options, workers, options.StepDuration));
    }

    using var silo = await StorageLoads.StartSiloAsync(database.Options);
    var storage = StorageLoads.DefaultStorage(silo);
    foreach (var workers in options.Concurrency)
    {
        Print(provider, "grain state", await StorageLoads.GrainStateAsync(storage, workers, options.StepDuration));
    }

    await silo.StopAsync();
}

return 0;

static void Print(StorageProvider provider, string operation, StepResult result) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {provider} | {operation} | {result.Workers} | {result.Operations:N0} | {result.PerSecond:N0} | {Ms(result.P50)} | {Ms(result.P99)} |"));

static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.00} ms");
