using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Facts;

/// <summary>Computes the derived facts of a profile on an evaluation date. Pure: same inputs, same facts.</summary>
public sealed class FactsCalculator(Lookups lookups)
{
    /// <summary>Regulation (EU) 2023/2831, Art. 3(2): per single undertaking, per Member State, over three years.</summary>
    public const decimal DeMinimisCeilingEur = 300_000m;

    private static readonly string[] GeneralDeMinimisRegimes = ["de_minimis_2023_2831", "de_minimis_1407_2013"];
    private static readonly string[] ControlTypes = ["majority_votes", "board_appointment", "dominant_influence", "agreement"];

    public DerivedFacts Compute(Profile profile, DateOnly asOf)
    {
        var missing = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        void Missing(string fact, params string[] inputs) => missing[fact] = inputs;

        var org = profile.Organisation;

        // SME size class, Recommendation 2003/361/EC, Annex Arts. 2, 3 and 6.
        var sme = SmeTest.Classify(profile.Size, org?.Ownership);
        if (sme.SizeClass is null)
            foreach (var fact in new[] { "smeSizeClass", "isSme", "aggregatedStaffAwu", "aggregatedTurnoverEur", "aggregatedBalanceSheetEur" })
                Missing(fact, [.. sme.MissingInputs]);

        // Age.
        int? ageYears = null, ageMonths = null;
        if (org?.RegistrationDate is { } registered)
        {
            ageMonths = CompletedMonths(registered, asOf);
            ageYears = ageMonths / 12;
        }
        else
        {
            Missing("ageYears", "organisation.registrationDate");
            Missing("ageMonths", "organisation.registrationDate");
        }

        // De minimis.
        var deMinimis = DeMinimisReceived(profile, asOf, out var deMinimisMissing);
        if (deMinimis is null)
            foreach (var fact in new[] { "deMinimisReceived3yEur", "deMinimisHeadroomEur", "deMinimisHeadroomAfterRequestEur" })
                Missing(fact, [.. deMinimisMissing]);
        var headroom = DeMinimisCeilingEur - deMinimis;
        var requested = profile.Application?.RequestedAidEur;
        if (deMinimis is not null && requested is null)
            Missing("deMinimisHeadroomAfterRequestEur", "application.requestedAidEur");

        // Region.
        string? category2014 = null, category2021 = null;
        decimal? aidIntensity = null;
        if (org?.Nuts2 is { } nuts2)
        {
            category2014 = lookups.RegionCategory("2014-2020", nuts2);
            category2021 = lookups.RegionCategory("2021-2027", nuts2);
            if (category2014 is null) Missing("regionCategory2014", $"lookups.region-categories.2014-2020.{nuts2}");
            if (category2021 is null) Missing("regionCategory2021", $"lookups.region-categories.2021-2027.{nuts2}");
            aidIntensity = lookups.RegionalAidMaxIntensityLargePct(nuts2);
            if (aidIntensity is null) Missing("regionalAidMaxIntensityPct", $"lookups.regional-aid-map.{nuts2}");
        }
        else
        {
            foreach (var fact in new[] { "regionCategory2014", "regionCategory2021", "regionalAidMaxIntensityPct" })
                Missing(fact, "organisation.nuts2");
        }

        IReadOnlyList<string>? countrySets = null;
        if (org?.Country is { } country) countrySets = lookups.SetsOf(country, asOf);
        else Missing("countrySets", "organisation.country");

        IReadOnlyList<string>? programmeAreas = null;
        IReadOnlyList<string> undecidedAreas = [];
        if (org?.Nuts2 is not null || org?.Nuts3 is not null)
        {
            programmeAreas = lookups.ProgrammeAreasOf(org.Nuts2, org.Nuts3);
            if (org.Nuts3 is null) undecidedAreas = lookups.ProgrammeAreasSplitting(org.Nuts2!);
        }
        else Missing("programmeAreas", "organisation.nuts2");

        // Labels and qualifications.
        bool? labelValid = null;
        int? labelRank = null, labelDaysLeft = null;
        var label = profile.Cluster?.ExcellenceLabel;
        if (label?.Level == "none")
        {
            labelValid = false;
            labelRank = 0;
        }
        else if (label is { Level: { } level, ValidUntil: { } until })
        {
            var started = label.AssessedOn is null || label.AssessedOn <= asOf;
            labelValid = started && asOf <= until;
            labelRank = labelValid == true ? LabelRank(level) : 0;
            labelDaysLeft = until.DayNumber - asOf.DayNumber;
        }
        else
        {
            var needs = label is null ? "cluster.excellenceLabel" : label.Level is null ? "cluster.excellenceLabel.level" : "cluster.excellenceLabel.validUntil";
            Missing("excellenceLabelValid", needs);
            Missing("excellenceLabelRank", needs);
        }
        if (labelDaysLeft is null) Missing("excellenceLabelDaysLeft", "cluster.excellenceLabel.validUntil");

        IReadOnlyList<string>? qualifications = null;
        if (profile.Cluster?.NationalQualifications is { } nq)
            qualifications = [.. nq.Where(q => q.Scheme is not null && (q.ValidUntil is null || asOf <= q.ValidUntil)).Select(q => q.Scheme!)];
        else Missing("validNationalQualifications", "cluster.nationalQualifications");

        // Members.
        var members = profile.Cluster?.Members;
        int? memberTypes = null, companies = null, smes = null, research = null;
        if (members is not null)
        {
            companies = SumKnown(members.Micro, members.Small, members.Medium, members.Large);
            smes = SumKnown(members.Micro, members.Small, members.Medium);
            research = SumKnown(members.ResearchOrganisations, members.Universities);
            var education = SumKnown(members.ResearchOrganisations, members.Universities, members.VetProviders);
            int?[] groups = [companies, education, members.PublicBodies, members.Other];
            if (groups.Any(g => g is not null)) memberTypes = groups.Count(g => g > 0);
        }
        if (memberTypes is null) Missing("memberTypes", "cluster.members");
        if (companies is null) Missing("memberCompanies", "cluster.members.micro", "cluster.members.small", "cluster.members.medium", "cluster.members.large");
        if (smes is null) Missing("memberSmes", "cluster.members.micro", "cluster.members.small", "cluster.members.medium");
        if (research is null) Missing("memberResearchBodies", "cluster.members.researchOrganisations", "cluster.members.universities");

        // Consortium: the applicant and its partners.
        var consortium = ConsortiumStatistics.Compute(profile, asOf, lookups);
        foreach (var (fact, inputs) in consortium.MissingInputs) Missing(fact, [.. inputs]);

        // Money of the application.
        decimal? intensity = null;
        if (profile.Application is { RequestedAidEur: { } req, EligibleCostsEur: { } costs } && costs > 0)
            intensity = req / costs * 100m;
        else Missing("requestedIntensityPct", "application.requestedAidEur", "application.eligibleCostsEur");

        return new DerivedFacts
        {
            SmeSizeClass = sme.SizeClass,
            IsSme = sme.SizeClass is null ? null : sme.SizeClass != "large",
            AggregatedStaffAwu = sme.StaffAwu,
            AggregatedTurnoverEur = sme.TurnoverEur,
            AggregatedBalanceSheetEur = sme.BalanceSheetEur,
            AgeYears = ageYears,
            AgeMonths = ageMonths,
            DeMinimisReceived3yEur = deMinimis,
            DeMinimisHeadroomEur = headroom,
            DeMinimisHeadroomAfterRequestEur = headroom - requested,
            RegionCategory2014 = category2014,
            RegionCategory2021 = category2021,
            RegionalAidMaxIntensityPct = aidIntensity,
            CountrySets = countrySets,
            ProgrammeAreas = programmeAreas,
            UndecidedProgrammeAreas = undecidedAreas,
            ExcellenceLabelValid = labelValid,
            ExcellenceLabelRank = labelRank,
            ExcellenceLabelDaysLeft = labelDaysLeft,
            ValidNationalQualifications = qualifications,
            MemberTypes = memberTypes,
            MemberCompanies = companies,
            MemberSmes = smes,
            MemberResearchBodies = research,
            ConsortiumSize = consortium.Size,
            ConsortiumCountries = consortium.Countries,
            ConsortiumPartnersInEu = consortium.PartnersInEu,
            ConsortiumCountriesInEu = consortium.CountriesInEu,
            ConsortiumCountriesInHorizonEurope = consortium.CountriesInHorizonEurope,
            ConsortiumPartnersInLessDevelopedOrTransition = consortium.PartnersInLessDevelopedOrTransition,
            ConsortiumPartnersInLessDevelopedOrTransition2014 = consortium.PartnersInLessDevelopedOrTransition2014,
            ConsortiumCountryCodes = consortium.CountryCodes,
            ConsortiumRegions = consortium.Regions,
            ConsortiumClusterOrganisations = consortium.ClusterOrganisations,
            RequestedIntensityPct = intensity,
            MissingInputs = missing,
            Lookups = lookups,
            AsOf = asOf,
        };
    }

    /// <summary>
    /// De minimis aid granted to the single undertaking (the applicant and the enterprises linked to it) by the
    /// applicant's country in the three years up to and including <paramref name="asOf"/>.
    /// </summary>
    public static decimal? DeMinimisReceived(Profile profile, DateOnly asOf, out IReadOnlyList<string> missingInputs)
    {
        var grants = DeMinimisGrants(profile, asOf, out missingInputs);
        return missingInputs.Count == 0 ? grants.Where(g => g.Counted).Sum(g => g.AmountEur ?? 0) : null;
    }

    /// <summary>
    /// Every grant of the funding history with whether it counts towards the de minimis ceiling on the date, and why
    /// not when it does not. <paramref name="missingInputs"/> names the facts that keep a grant undecided.
    /// </summary>
    public static IReadOnlyList<DeMinimisGrant> DeMinimisGrants(Profile profile, DateOnly asOf, out IReadOnlyList<string> missingInputs)
    {
        var needs = new List<string>();
        missingInputs = needs;
        var grants = new List<DeMinimisGrant>();
        if (profile.FundingHistory is not { } history) { needs.Add("fundingHistory"); return grants; }
        if (profile.Organisation?.Country is not { } country) { needs.Add("organisation.country"); return grants; }

        var linked = (profile.Size?.Relationships ?? [])
            .Where(IsLinked)
            .Select(r => r.EntityId)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        // The first three years of the calendar have no three years before them.
        var windowStart = asOf.Year > 3 ? asOf.AddYears(-3) : DateOnly.MinValue;

        for (var i = 0; i < history.Count; i++)
        {
            var grant = history[i];
            var amount = grant.GrossGrantEquivalentEur ?? grant.AmountEur;
            DeMinimisGrant With(DeMinimisStatus status) => new(i, grant, amount, status);
            if (grant.Regime is null) { needs.Add($"fundingHistory[{i}].regime"); grants.Add(With(DeMinimisStatus.Undecided)); continue; }
            if (!GeneralDeMinimisRegimes.Contains(grant.Regime)) { grants.Add(With(DeMinimisStatus.OtherRegime)); continue; }
            var beneficiary = grant.BeneficiaryEntityId ?? "self";
            if (beneficiary != "self" && !linked.Contains(beneficiary)) { grants.Add(With(DeMinimisStatus.NotSingleUndertaking)); continue; }
            if (grant.LegalRightDate is not { } granted) { needs.Add($"fundingHistory[{i}].legalRightDate"); grants.Add(With(DeMinimisStatus.Undecided)); continue; }
            if (granted <= windowStart || granted > asOf) { grants.Add(With(DeMinimisStatus.OutsideWindow)); continue; }
            if (grant.GrantingCountry is null) { needs.Add($"fundingHistory[{i}].grantingCountry"); grants.Add(With(DeMinimisStatus.Undecided)); continue; }
            if (grant.GrantingCountry != country) { grants.Add(With(DeMinimisStatus.OtherState)); continue; }
            if (amount is null) { needs.Add($"fundingHistory[{i}].grossGrantEquivalentEur"); grants.Add(With(DeMinimisStatus.Undecided)); continue; }
            grants.Add(With(beneficiary == "self" ? DeMinimisStatus.Counted : DeMinimisStatus.CountedLinked));
        }
        return grants;
    }

    /// <summary>Linked (Rec. 2003/361 Annex Art. 3(3)): a majority share or control by other means.</summary>
    public static bool IsLinked(EnterpriseRelationship r) =>
        r.SharePct > 50 || (r.ControlType is { } control && ControlTypes.Contains(control));

    public static int CompletedMonths(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (to.Day < from.Day) months--;
        return Math.Max(months, 0);
    }

    private static int LabelRank(string level) => level switch
    {
        "bronze" => 1,
        "silver" => 2,
        "gold" => 3,
        _ => 0,
    };

    private static int? SumKnown(params int?[] values) =>
        values.All(v => v is null) ? null : values.Sum(v => v ?? 0);
}

/// <summary>Why a grant of the funding history counts towards the de minimis ceiling on a date, or why not.</summary>
public enum DeMinimisStatus
{
    /// <summary>De minimis to the applicant itself, from its own country, inside the three-year window.</summary>
    Counted,
    /// <summary>De minimis to an enterprise linked to the applicant: the same single undertaking.</summary>
    CountedLinked,
    /// <summary>Granted under another regime (GBER, notified aid, not state aid).</summary>
    OtherRegime,
    /// <summary>Granted to a partner enterprise or another entity that is not part of the single undertaking.</summary>
    NotSingleUndertaking,
    /// <summary>Granted more than three years before the date, or after it.</summary>
    OutsideWindow,
    /// <summary>Granted by another state; the ceiling applies per Member State.</summary>
    OtherState,
    /// <summary>The history lacks a fact needed to decide.</summary>
    Undecided,
}

/// <summary>A grant of the funding history (its index in the list) as the de minimis test sees it on a date.</summary>
public sealed record DeMinimisGrant(int Index, FundingRecord Record, decimal? AmountEur, DeMinimisStatus Status)
{
    public bool Counted => Status is DeMinimisStatus.Counted or DeMinimisStatus.CountedLinked;
}
