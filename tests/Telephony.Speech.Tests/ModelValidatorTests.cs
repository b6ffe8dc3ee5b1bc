using Telephony.Speech.Model;
using Telephony.Speech.Tests.Support;

namespace Telephony.Speech.Tests;

public sealed class ModelValidatorTests
{
    [Fact]
    public void A_well_formed_model_passes_and_reports_its_sample_rate_and_grammar_support()
    {
        using var model = FakeModel.WellFormed(sampleRate: 8000);

        var check = VoskModelValidator.Check(model.Path);

        Assert.True(check.IsUsable, check.Detail);
        Assert.Equal(8000, check.SampleRate);
        Assert.True(check.SupportsGrammar);
    }

    [Fact]
    public void A_model_with_a_static_graph_is_usable_but_cannot_take_a_phrase_list()
    {
        using var model = FakeModel.WellFormed();
        model.Delete("graph/HCLr.fst");
        model.Delete("graph/Gr.fst");
        model.Delete("graph/disambig_tid.int");
        model.Write("graph/HCLG.fst", FakeModel.Fst("const"));

        var check = VoskModelValidator.Check(model.Path);

        Assert.True(check.IsUsable, check.Detail);
        Assert.False(check.SupportsGrammar);
    }

    [Fact]
    public void A_directory_without_am_and_conf_is_not_a_model()
    {
        using var model = FakeModel.Empty();
        model.Write("README", "vosk-model-small-fr-0.22");

        var check = VoskModelValidator.Check(model.Path);

        Assert.Equal(SpeechProblem.NotAModel, check.Problem);
        Assert.Contains("no am/ and conf/ directories", check.Detail);
    }

    [Fact]
    public void An_ivector_extractor_without_its_companions_is_incomplete()
    {
        using var model = FakeModel.WellFormed();
        model.Delete("ivector/final.dubm");
        model.Delete("ivector/splice.conf");

        var check = VoskModelValidator.Check(model.Path);

        Assert.Equal(SpeechProblem.ModelIncomplete, check.Problem);
        Assert.Contains("missing ivector/final.dubm, ivector/splice.conf", check.Detail);
    }

    [Theory]
    [InlineData("graph/Gr.fst", "is not an OpenFst file")]
    [InlineData("graph/disambig_tid.int", "line 1 is not an integer")]
    [InlineData("graph/words.txt", "line 1 is not 'word id'")]
    [InlineData("ivector/final.ie", "does not start with <IvectorExtractor>")]
    [InlineData("conf/mfcc.conf", "line 1 is not a Kaldi option")]
    public void A_corrupt_file_is_named_with_what_is_wrong(string file, string expected)
    {
        using var model = FakeModel.WellFormed();
        model.Write(file, "garbage here\n");

        var check = VoskModelValidator.Check(model.Path);

        Assert.Equal(SpeechProblem.ModelCorrupt, check.Problem);
        Assert.Contains($"{file} {expected}", check.Detail);
    }

    [Fact]
    public void An_empty_acoustic_model_and_a_foreign_arc_type_are_corrupt()
    {
        using var model = FakeModel.WellFormed();
        model.Write("am/final.mdl", []);
        model.Write("graph/HCLr.fst", FakeModel.Fst("vector", "log"));

        var check = VoskModelValidator.Check(model.Path);

        Assert.Contains("am/final.mdl is empty", check.Detail);
        Assert.Contains("graph/HCLr.fst has arc type 'log'", check.Detail);
    }

    [Fact]
    public void A_sample_rate_that_is_not_a_number_is_corrupt()
    {
        using var model = FakeModel.WellFormed();
        model.Write("conf/mfcc.conf", "--sample-frequency=fast\n");

        var check = VoskModelValidator.Check(model.Path);

        Assert.Equal(SpeechProblem.ModelCorrupt, check.Problem);
        Assert.Contains("--sample-frequency=fast is not an audio rate", check.Detail);
    }
}
