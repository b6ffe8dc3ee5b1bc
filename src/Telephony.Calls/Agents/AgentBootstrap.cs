using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Agents;

/// <summary>
/// One agent of the configuration's bootstrap list (<c>Agents:Accounts:N</c>); <see cref="Key"/> names it in errors.
/// </summary>
public sealed record AgentSeed(string Key, string SipUsername, string Password, string? DisplayName, IReadOnlyList<AgentSeedSkill> Skills)
{
    public override string ToString() => $"AgentSeed {{ {Key}, SipUsername = {SipUsername} }}";
}

/// <param name="Key">e.g. <c>Agents:Accounts:0:Skills:1</c>.</param>
public sealed record AgentSeedSkill(string Key, string Queue, int Level);

/// <summary>
/// The bootstrap list for a fresh install: at start-up, each listed agent whose SIP username is not stored yet is
/// created; one that exists is left exactly as it is (the admin API may have changed it since). Then every stored
/// profile is given to its grain.
/// </summary>
public sealed class AgentBootstrap(AgentAdministration administration, Storage.IAgentRepository repository, ILogger<AgentBootstrap> logger)
{
    /// <summary>Checks what needs no script: fails naming the configuration key of the first bad value.</summary>
    /// <exception cref="InvalidOperationException">A field is missing or invalid, or a username is listed twice.</exception>
    public static void Validate(IReadOnlyList<AgentSeed> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var seed in seeds)
        {
            Require(AgentRules.SipUsernameProblem(seed.SipUsername), $"{seed.Key}:Username");
            Require(AgentRules.PasswordProblem(seed.Password), $"{seed.Key}:Password");
            if (seed.DisplayName is not null)
            {
                Require(AgentRules.DisplayNameProblem(seed.DisplayName), $"{seed.Key}:DisplayName");
            }

            if (!seen.TryAdd(seed.SipUsername, seed.Key))
            {
                throw new InvalidOperationException($"{seed.Key}:Username '{seed.SipUsername}' is already the username of {seen[seed.SipUsername]}.");
            }

            var queues = new HashSet<string>(StringComparer.Ordinal);
            foreach (var skill in seed.Skills)
            {
                Require(string.IsNullOrWhiteSpace(skill.Queue) ? "is required" : null, $"{skill.Key}:Queue");
                Require(AgentRules.LevelProblem(skill.Level), $"{skill.Key}:Level");
                Require(queues.Add(skill.Queue) ? null : "is listed twice for this agent", $"{skill.Key}:Queue");
            }
        }
    }

    /// <param name="knownQueues">The queues of the scripts in force: a skill for another queue stops the start-up.</param>
    public async Task RunAsync(IReadOnlyList<AgentSeed> seeds, IReadOnlySet<string> knownQueues, CancellationToken ct)
    {
        Validate(seeds);
        foreach (var skill in seeds.SelectMany(s => s.Skills))
        {
            Require(AgentRules.QueueProblem(skill.Queue, knownQueues), $"{skill.Key}:Queue");
        }

        foreach (var seed in seeds)
        {
            if (await repository.FindBySipUsernameAsync(seed.SipUsername, ct).ConfigureAwait(false) is { } existing)
            {
                logger.LogInformation("{Key}: agent {AgentId} ({SipUsername}) is already stored; left as it is (change it through the admin API)",
                    seed.Key, existing.Id, seed.SipUsername);
                continue;
            }

            var request = new NewAgent(seed.DisplayName ?? seed.SipUsername, seed.SipUsername, seed.Password, seed.Skills.Select(s => new AgentSkill(s.Queue, s.Level)).ToList());
            var created = await administration.StoreNewAsync(request, ct).ConfigureAwait(false);
            // Null: another node created it a moment ago, which is just as good.
            logger.LogInformation("{Key}: agent {AgentId} ({SipUsername}) created from the bootstrap list", seed.Key, created?.Id ?? "(by another node)", seed.SipUsername);
        }

        await administration.ConfigureAllAsync(ct).ConfigureAwait(false);
    }

    private static void Require(string? problem, string key)
    {
        if (problem is not null)
        {
            throw new InvalidOperationException($"{key} {problem}.");
        }
    }
}
