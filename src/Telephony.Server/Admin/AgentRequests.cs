using Telephony.Calls.Agents;
using Telephony.Grains.Abstractions;

namespace Telephony.Server.Admin;

/// <summary>A skill as the API writes it: <c>{"queue": "cnav.retraite", "level": 1}</c>.</summary>
public sealed class SkillBody
{
    public string? Queue { get; set; }

    public int? Level { get; set; }
}

/// <summary>Body of <c>POST /admin/agents</c>.</summary>
public sealed class CreateAgentBody
{
    public string? DisplayName { get; set; }

    public string? SipUsername { get; set; }

    public string? Password { get; set; }

    public List<SkillBody>? Skills { get; set; }

    public bool? Enabled { get; set; }

    public FieldError? Validate(IReadOnlySet<string> queues, out NewAgent? agent)
    {
        agent = null;
        var (field, problem) = new (string Field, string? Problem)[]
        {
            ("displayName", AgentRules.DisplayNameProblem(DisplayName)),
            ("sipUsername", AgentRules.SipUsernameProblem(SipUsername)),
            ("password", AgentRules.PasswordProblem(Password)),
        }.FirstOrDefault(p => p.Problem is not null);
        if (problem is not null)
        {
            return new FieldError(field, problem);
        }

        if (AgentBodies.ReadSkills(Skills ?? [], queues, out var skills) is { } skillError)
        {
            return skillError;
        }

        agent = new NewAgent(DisplayName!, SipUsername!, Password!, skills, Enabled ?? true);
        return null;
    }
}

/// <summary>
/// Body of <c>PATCH /admin/agents/{id}</c>: any of the fields; one that is absent is left as it is. The setters note
/// which fields were sent, so that an explicit <c>null</c> is refused rather than taken for "unchanged".
/// </summary>
public sealed class ChangeAgentBody
{
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private string? _displayName;
    private string? _password;
    private List<SkillBody>? _skills;
    private bool? _enabled;

    public string? DisplayName { get => _displayName; set { _displayName = value; _sent.Add("displayName"); } }

    public string? Password { get => _password; set { _password = value; _sent.Add("password"); } }

    public List<SkillBody>? Skills { get => _skills; set { _skills = value; _sent.Add("skills"); } }

    public bool? Enabled { get => _enabled; set { _enabled = value; _sent.Add("enabled"); } }

    /// <summary>Read only so that sending it gets a clear refusal instead of "not a field".</summary>
    public string? SipUsername { get; set; }

    public FieldError? Validate(IReadOnlySet<string> queues, out AgentChanges? changes)
    {
        changes = null;
        if (SipUsername is not null)
        {
            return new FieldError("sipUsername", "cannot be changed (the phone's digest hashes are bound to it): create another agent");
        }

        if (_sent.Count == 0)
        {
            return new FieldError(AdminJson.BodyField, "must change at least one of displayName, password, skills, enabled");
        }

        var sentNull = new (string Field, bool IsNull)[] { ("displayName", _displayName is null), ("password", _password is null), ("skills", _skills is null), ("enabled", _enabled is null) }
            .FirstOrDefault(f => f.IsNull && _sent.Contains(f.Field)).Field;
        if (sentNull is not null)
        {
            return new FieldError(sentNull, "cannot be null (leave it out to keep it)");
        }

        if (_displayName is not null && AgentRules.DisplayNameProblem(_displayName) is { } nameProblem)
        {
            return new FieldError("displayName", nameProblem);
        }

        if (_password is not null && AgentRules.PasswordProblem(_password) is { } passwordProblem)
        {
            return new FieldError("password", passwordProblem);
        }

        IReadOnlyList<AgentSkill>? skills = null;
        if (_skills is not null)
        {
            if (AgentBodies.ReadSkills(_skills, queues, out var read) is { } skillError)
            {
                return skillError;
            }

            skills = read;
        }

        changes = new AgentChanges(_displayName, _password, skills, _enabled);
        return null;
    }
}

/// <summary>Body of <c>POST /admin/agents/{id}/state</c>.</summary>
public sealed class AgentStateBody
{
    public string? Status { get; set; }

    public string? Reason { get; set; }
}

/// <summary>Body of <c>POST /admin/agents/{id}/logout</c> (optional).</summary>
public sealed class LogoutBody
{
    public string? Reason { get; set; }
}

internal static class AgentBodies
{
    public static FieldError? ReadSkills(IReadOnlyList<SkillBody?> bodies, IReadOnlySet<string> queues, out IReadOnlyList<AgentSkill> skills)
    {
        var read = new List<AgentSkill>(bodies.Count);
        skills = read;
        for (var i = 0; i < bodies.Count; i++)
        {
            if (bodies[i] is not { } body)
            {
                return new FieldError($"skills[{i}]", "must be an object {\"queue\": text, \"level\": 1 to 5}");
            }

            if (AgentRules.QueueProblem(body.Queue, queues) is { } queueProblem)
            {
                return new FieldError($"skills[{i}].queue", queueProblem);
            }

            if (body.Level is not { } level || AgentRules.LevelProblem(level) is not null)
            {
                return new FieldError($"skills[{i}].level", AgentRules.LevelProblem(body.Level ?? 0)!);
            }

            if (read.Any(s => s.QueueId == body.Queue))
            {
                return new FieldError($"skills[{i}].queue", $"'{body.Queue}' is listed twice");
            }

            read.Add(new AgentSkill(body.Queue!, level));
        }

        return null;
    }
}
