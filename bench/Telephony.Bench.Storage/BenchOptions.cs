using System.Globalization;
using Telephony.Storage;

namespace Telephony.Bench.Storage;

/// <summary>Command line: which providers, how long each step runs, with how many concurrent writers.</summary>
internal sealed record BenchOptions(IReadOnlyList<StorageProvider> Providers, TimeSpan StepDuration, IReadOnlyList<int> Concurrency, string? PostgresConnectionString)
{
    public const string PostgresVariable = "TELEPHONY_TEST_POSTGRES";

    public static BenchOptions Parse(string[] args)
    {
        var providers = "sqlite,postgres";
        var seconds = 10;
        var concurrency = "1,8,32";
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--providers": providers = args[i + 1]; break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = args[i + 1]; break;
                case "--postgres": postgres = args[i + 1]; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        var chosen = providers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Enum.Parse<StorageProvider>(p, ignoreCase: true))
            .ToList();
        if (chosen.Contains(StorageProvider.Postgres) && string.IsNullOrEmpty(postgres))
        {
            throw new ArgumentException($"PostgreSQL needs --postgres or {PostgresVariable} (scripts/with-postgres.sh sets it).");
        }

        return new BenchOptions(
            chosen,
            TimeSpan.FromSeconds(seconds),
            concurrency.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList(),
            postgres);
    }
}
