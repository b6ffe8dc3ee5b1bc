using Telephony.Speech.Intent;
using Telephony.Speech.Tests.Support;

namespace Telephony.Speech.Tests;

/// <summary>
/// What callers say to each shipped script's menus, as a recognizer writes it (accents lost, words split or merged,
/// extra words, numbers in words), and the option it must choose, or why none: a key, or a <see cref="NoMatchReason"/>.
/// </summary>
public sealed class IntentTableTests
{
    private static readonly IntentMatcher Matcher = new();

    [Theory]
    [InlineData("main-menu", "retraite", "1")]
    [InlineData("main-menu", "ma retraite s'il vous plait", "1")]
    [InlineData("main-menu", "euh je voudrais des informations sur mon depart a la retraite", "1")]
    [InlineData("main-menu", "paiment", "2")]
    [InlineData("main-menu", "pai ement", "2")]
    [InlineData("main-menu", "le versement", "2")]
    [InlineData("main-menu", "releve de carriere", "3")]
    [InlineData("main-menu", "autres demandes", "3")]
    [InlineData("main-menu", "deux", "2")]
    [InlineData("main-menu", "touche trois", "3")]
    [InlineData("main-menu", "le paiement de ma retraite", "Ambiguous")]
    [InlineData("main-menu", "bonjour madame", "NoPhrase")]
    [InlineData("main-menu", "[unk] [unk]", "Unknown")]
    [InlineData("main-menu", "", "Silence")]
    [InlineData("payment-menu", "la date de paiement", "1")]
    [InlineData("payment-menu", "paiement non recu", "2")]
    [InlineData("payment-menu", "le montant", "2")]
    [InlineData("payment-menu", "un", "1")]
    [InlineData("payment-menu", "je n'ai pas recu mon paiement", "NoPhrase")]
    [InlineData("other-menu", "l'attestation", "2")]
    [InlineData("other-menu", "lattestation", "2")]
    [InlineData("other-menu", "assurance maladi", "3")]
    [InlineData("other-menu", "ma santé", "3")]
    [InlineData("other-menu", "carriere", "1")]
    [InlineData("callback-offer", "oui", "1")]
    [InlineData("callback-offer", "oui rappelez moi", "1")]
    [InlineData("callback-offer", "non merci", "NoPhrase")]
    public void Cnav(string node, string transcript, string expected) => Check("cnav", node, transcript, expected);

    [Theory]
    [InlineData("main-menu", "carte vitale", "1")]
    [InlineData("main-menu", "cartevitale", "1")]
    [InlineData("main-menu", "carte vital", "1")]
    [InlineData("main-menu", "ma carte vitale est perdue", "1")]
    [InlineData("main-menu", "remboursemant", "2")]
    [InlineData("main-menu", "les indemnites", "2")]
    [InlineData("main-menu", "attestation de droit", "3")]
    [InlineData("main-menu", "parler a un conseiller", "4")]
    [InlineData("main-menu", "euh quatre s'il vous plait", "4")]
    [InlineData("main-menu", "rembourser", "NoPhrase")]
    [InlineData("vitale-menu", "j'ai perdu ma carte", "1")]
    [InlineData("vitale-menu", "on me l'a volee", "1")]
    [InlineData("vitale-menu", "abimee", "1")]
    [InlineData("vitale-menu", "misajour", "2")]
    [InlineData("vitale-menu", "la premiere carte", "2")]
    [InlineData("refunds-menu", "le suivi de mes soins", "1")]
    [InlineData("refunds-menu", "arret de travail", "2")]
    [InlineData("refunds-menu", "indemnites journaliere", "2")]
    public void Cpam(string node, string transcript, string expected) => Check("cpam", node, transcript, expected);

    [Theory]
    [InlineData("main-menu", "prelevement a la source", "1")]
    [InlineData("main-menu", "prelevement alasource", "1")]
    [InlineData("main-menu", "mon taux", "1")]
    [InlineData("main-menu", "declaration de revenu", "2")]
    [InlineData("main-menu", "paiement de mes impots", "3")]
    [InlineData("main-menu", "je veux payer", "3")]
    [InlineData("main-menu", "la declaration et le paiement", "Ambiguous")]
    [InlineData("pas-menu", "modifier mon taux", "1")]
    [InlineData("pas-menu", "mes acomptes", "1")]
    [InlineData("pas-menu", "une autre question", "2")]
    [InlineData("declaration-menu", "les dates", "1")]
    [InlineData("declaration-menu", "date limite", "1")]
    [InlineData("declaration-menu", "de l'aide pour ma declaration", "2")]
    [InlineData("payment-menu", "je voudrais payer", "1")]
    [InlineData("payment-menu", "modifier un prelevement", "1")]
    [InlineData("payment-menu", "difficultes de paiement", "2")]
    [InlineData("payment-menu", "un delai", "2")]
    [InlineData("payment-menu", "j'ai des difficultes pour payer", "Ambiguous")]
    public void Dgfip(string node, string transcript, string expected) => Check("dgfip", node, transcript, expected);

    [Theory]
    [InlineData("main-menu", "mes allocations", "1")]
    [InlineData("main-menu", "les aides", "1")]
    [InlineData("main-menu", "un versement", "2")]
    [InlineData("main-menu", "paiements", "2")]
    [InlineData("main-menu", "demenagement", "3")]
    [InlineData("main-menu", "changement de situation", "3")]
    [InlineData("main-menu", "je demenage", "NoPhrase")]
    [InlineData("benefits-menu", "l'apl", "1")]
    [InlineData("benefits-menu", "a p l", "1")]
    [InlineData("benefits-menu", "r s a", "3")]
    [InlineData("benefits-menu", "prime activite", "3")]
    [InlineData("benefits-menu", "allocation familiale", "2")]
    [InlineData("benefits-menu", "mes enfants", "2")]
    [InlineData("payment-menu", "date de paiement", "1")]
    [InlineData("payment-menu", "paiement non recu", "2")]
    [InlineData("payment-menu", "non reçu", "2")]
    public void Caf(string node, string transcript, string expected) => Check("caf", node, transcript, expected);

    [Theory]
    [InlineData("main-menu", "m'inscrire", "1")]
    [InlineData("main-menu", "je veux m inscrire", "1")]
    [InlineData("main-menu", "inscription", "1")]
    [InlineData("main-menu", "mes droits", "2")]
    [InlineData("main-menu", "l'allocation", "2")]
    [InlineData("main-menu", "m'actualiser", "3")]
    [InlineData("main-menu", "actualiser", "3")]
    [InlineData("main-menu", "mon conseiller", "4")]
    [InlineData("main-menu", "actualisation de mon inscription", "Ambiguous")]
    [InlineData("registration-menu", "premiere inscription", "1")]
    [InlineData("registration-menu", "re inscription", "2")]
    [InlineData("registration-menu", "une inscription en cours", "2")]
    [InlineData("compensation-menu", "la date du paiement", "1")]
    [InlineData("compensation-menu", "une question sur mes droits", "2")]
    public void FranceTravail(string node, string transcript, string expected) => Check("france-travail", node, transcript, expected);

    [Theory]
    [InlineData("cnav", "payment-menu", "2", "je n'ai pas recu mon paiement", "pas reçu")]
    [InlineData("cpam", "main-menu", "2", "rembourser", "rembourser")]
    [InlineData("caf", "main-menu", "3", "je demenage", "je déménage")]
    public void A_synonym_catches_what_the_script_phrases_miss(string script, string node, string key, string transcript, string synonym)
    {
        var menu = ShippedMenus.Get(script, node, new Dictionary<string, string[]> { [key] = [synonym] });

        var match = Matcher.Match(menu, transcript);

        Assert.Equal(key, match.Key);
        Assert.Equal(synonym, match.Phrase);
    }

    [Fact]
    public void No_two_options_of_a_shipped_menu_share_a_normalised_phrase()
    {
        // Two options with the same phrase would always tie: the loader checks this with its own normaliser.
        foreach (var (script, node, menu) in ShippedMenus.All())
        {
            var owners = menu.Choices
                .SelectMany(c => c.Phrases.Select(p => (Phrase: Language.FrenchText.Normalize(p), c.Key)))
                .GroupBy(p => p.Phrase)
                .Where(g => g.Select(p => p.Key).Distinct().Count() > 1)
                .Select(g => g.Key)
                .ToList();
            Assert.True(owners.Count == 0, $"{script}/{node}: {string.Join(", ", owners)}");
        }
    }

    [Fact]
    public void Each_shipped_phrase_said_alone_chooses_its_own_option()
    {
        foreach (var (script, node, menu) in ShippedMenus.All())
        {
            foreach (var choice in menu.Choices)
            {
                foreach (var phrase in choice.Phrases)
                {
                    var match = Matcher.Match(menu, phrase);
                    Assert.True(match.Key == choice.Key, $"{script}/{node}: '{phrase}' gave {match.Key ?? match.Reason.ToString()}, expected {choice.Key}");
                }
            }
        }
    }

    private static void Check(string script, string node, string transcript, string expected)
    {
        var match = Matcher.Match(ShippedMenus.Get(script, node), transcript);

        var actual = match.Key ?? match.Reason.ToString();
        Assert.True(expected == actual, $"{script}/{node} '{transcript}': expected {expected}, got {actual} (phrase {match.Phrase}, score {match.Score:0.00})");
    }
}
