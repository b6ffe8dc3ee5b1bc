namespace Telephony.Ivr.Tests;

/// <summary>The five lines shipped in ivr-scripts/: numbers, hours, closure callback, self-service, and two-level digit paths to a queue.</summary>
public sealed class ShippedScriptsTests
{
    public static TheoryData<string, string, string, string> TwoLevelPaths => new()
    {
        { "3960", "cnav", "2,2", "cnav.paiements" },
        { "3960", "cnav", "3,1", "cnav.carriere" },
        { "3646", "cpam", "2,1", "cpam.remboursements" },
        { "3646", "cpam", "1,1", "cpam.carte-vitale" },
        { "0809401401", "dgfip", "2,2", "dgfip.declaration" },
        { "+33809401401", "dgfip", "3,1", "dgfip.paiement" },
        { "3230", "caf", "1,1", "caf.logement" },
        { "3230", "caf", "2,2", "caf.paiements" },
        { "3949", "france-travail", "2,2", "francetravail.indemnisation" },
        { "3949", "france-travail", "1,2", "francetravail.inscription" },
    };

    [Fact]
    public void The_five_lines_load_with_every_prompt_and_answer_their_numbers_in_national_and_e164_forms()
    {
        Assert.Equal(["caf", "cnav", "cpam", "dgfip", "france-travail"], ShippedScripts.Set.Scripts.Select(s => s.Name));
        Assert.Equal("dgfip", ShippedScripts.Set.FindByDialedNumber("0809401401")!.Name);
        Assert.Equal("dgfip", ShippedScripts.Set.FindByDialedNumber("+33809401401")!.Name);
        Assert.Equal("cpam", ShippedScripts.Set.FindByDialedNumber("+333646")!.Name);
        Assert.Equal("caf", ShippedScripts.Set.FindByDialedNumber("3230")!.Name);
        Assert.Equal("france-travail", ShippedScripts.Set.FindByDialedNumber("3949")!.Name);
        Assert.Equal(
            ["CAF", "CNAV", "CPAM", "DGFIP", "FRANCE_TRAVAIL"], ShippedScripts.Set.Scripts.Select(s => s.Network));
    }

    [Theory]
    [MemberData(nameof(TwoLevelPaths))]
    public void Each_line_has_two_menu_levels_leading_to_a_queue_by_digits(string dialed, string script, string keys, string queue)
    {
        var ivr = ShippedScripts.Set.FindByDialedNumber(dialed)!;
        Assert.Equal(script, ivr.Name);
        var session = new IvrSession(ivr, TimeProvider.System, new IvrSessionOptions { ForceOpen = true });
        var actions = ShippedScripts.PlayUntilInput(session, session.Start());
        Assert.IsType<StartInputTimer>(actions[^1]);

        var menus = new List<string>();
        foreach (var key in keys.Split(','))
        {
            menus.Add(session.CurrentNode!);
            actions = ShippedScripts.PlayUntilInput(session, session.Handle(new DigitPressed(key[0])));
        }

        Assert.All(menus, m => Assert.IsType<MenuNode>(ivr.GetNode(m)));
        Assert.Equal(2, menus.Distinct().Count());
        Assert.Equal(queue, Assert.IsType<JoinQueue>(actions[0]).QueueId);
    }

    [Theory]
    [InlineData("cnav")]
    [InlineData("cpam")]
    [InlineData("dgfip")]
    [InlineData("caf")]
    [InlineData("france-travail")]
    public void Each_line_has_hours_a_closure_message_offering_a_callback_and_a_self_service_message(string name)
    {
        var script = ShippedScripts.Get(name);

        Assert.NotNull(script.OpeningHours);
        Assert.True(script.OpeningHours!.ClosedOnPublicHolidays);
        var hours = Assert.Single(script.Nodes.Values.OfType<HoursNode>());
        var closed = Assert.IsType<PlayNode>(script.GetNode(hours.Closed));
        Assert.IsType<CallbackNode>(script.GetNode(closed.Next));
        Assert.Equal("exceptional-closure", Assert.IsType<PlayNode>(script.GetNode(hours.OnForcedClosed!)).Prompt.Id);
        Assert.Contains(script.Nodes.Values.OfType<PlayNode>(), p => script.GetNode(p.Next) is HangupNode { Outcome: IvrOutcome.HandledIvr });
    }

    [Fact]
    public void Cnav_key_1_still_reaches_cnav_retraite_directly()
    {
        var cnav = ShippedScripts.Get("cnav");
        var session = new IvrSession(cnav, TimeProvider.System, new IvrSessionOptions { ForceOpen = true });
        ShippedScripts.PlayUntilInput(session, session.Start());

        Assert.Equal([ShippedScripts.CnavRetraite], session.Handle(new DigitPressed('1')));
    }

    [Fact]
    public void Welcome_prompts_are_short_so_callers_reach_the_menu_quickly()
    {
        foreach (var script in ShippedScripts.Set.Scripts)
        {
            var welcome = WavInfo.Read(script.PromptPath("welcome")).Duration;
            Assert.True(welcome < TimeSpan.FromSeconds(4), $"{script.Name} welcome lasts {welcome.TotalSeconds:F2} s");
        }
    }
}
