using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Bogus;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Simulation;

/// <summary>
/// Draws synthetic populations of applicant profiles (cluster organisations and member SMEs) from the distributions
/// of catalogue/populations/distributions.json, for policy experiments: the same seed and arguments always give the
/// same profiles, and every profile passes the profile schema and <see cref="ProfileReader"/>'s checks.
/// </summary>
public sealed class PopulationGenerator
{
    private readonly Tables tables;

    private PopulationGenerator(Tables tables) => this.tables = tables;

    /// <summary>The countries a population can be drawn for (ISO 3166-1 alpha-2), in alphabetical order.</summary>
    public IReadOnlyList<string> Countries => tables.CountryCodes;

    /// <summary>The date the profiles describe when <see cref="Generate"/> is given none.</summary>
    public DateOnly DefaultAsOf => tables.D.DefaultAsOf.Date;

    /// <summary>
    /// Reads and checks the distributions file and the NUTS table it names. Anything wrong (bad JSON, an unknown
    /// property, a region of another country, a weight below zero) is a <see cref="CatalogueException"/> naming the file.
    /// </summary>
    public static PopulationGenerator Load(string distributionsPath)
    {
        var d = ReadJson<PopulationDistributions>(distributionsPath, "the distributions file", Strict);
        var nutsPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(distributionsPath))!, d.NutsRegions.Path));
        var nuts = ReadJson<NutsRegionsFile>(nutsPath, "the NUTS table named by nutsRegions.path", JsonDefaults.Read);

        var problems = Validation.Problems(d, nuts);
        if (problems.Count > 0)
            throw new CatalogueException(distributionsPath, string.Join("; ", problems));
        return new PopulationGenerator(new Tables(d, nuts));
    }

    /// <summary>
    /// <paramref name="count"/> profiles ("synthetic-00001", ...) drawn from <paramref name="seed"/>, all in
    /// <paramref name="country"/> when given, describing the applicants on <paramref name="asOf"/> (else
    /// <see cref="DefaultAsOf"/>). Profile i depends only on the seed, the country, the date and i, so a larger
    /// population starts with the profiles of a smaller one.
    /// </summary>
    public IEnumerable<Profile> Generate(int count, int seed, string? country = null, DateOnly? asOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        string? only = null;
        if (country is not null)
        {
            only = country.Trim().ToUpperInvariant();
            if (!tables.CountryCodes.Contains(only, StringComparer.Ordinal))
                throw new ArgumentException(
                    $"'{country}' is not a country of the population; the known countries are {string.Join(", ", tables.CountryCodes)}.",
                    nameof(country));
        }
        return Enumerate(count, seed, only, asOf ?? DefaultAsOf);
    }

    private IEnumerable<Profile> Enumerate(int count, int seed, string? country, DateOnly asOf)
    {
        var master = new Randomizer(seed);
        var fakers = new Fakers();
        for (var i = 1; i <= count; i++)
        {
            var profileSeed = master.Int(0, int.MaxValue - 1);
            yield return new Draw(tables, fakers, new Randomizer(profileSeed), asOf).Build(i, country);
        }
    }

    private static T ReadJson<T>(string path, string what, JsonSerializerOptions options)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogueException(path, $"cannot read {what}: {e.Message}");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json, options)
                ?? throw new CatalogueException(path, $"{what} is empty");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, {e.Path ?? "$"}" : e.Path ?? "$";
            // The serializer repeats the position at the end of its message; it is already in front.
            var message = e.Message.Split(" Path: ", 2)[0];
            throw new CatalogueException(path, $"{what} is not valid ({where}): {message}");
        }
    }

    /// <summary>One profile: every part of it is drawn in its own method, in the order of the profile.</summary>
    private sealed class Draw(Tables t, Fakers fakers, Randomizer r, DateOnly asOf)
    {
        private readonly PopulationDistributions d = t.D;

        // What the parts share: who the applicant is, where, and the true figures behind the facts it states
        // (a fact left out of the profile is still drawn, so that the other parts stay consistent with it).
        private string kind = "";
        private string country = "";
        private string nuts2 = "";
        private string? nuts3;
        private string place = "";
        private Sector sector = null!;
        private DateOnly registrationDate;
        private decimal managementFte;
        private Figures figures;
        private IReadOnlyList<EnterpriseRelationship> relationships = [];

        public Profile Build(int index, string? onlyCountry)
        {
            country = onlyCountry ?? t.Countries.Pick(r);
            kind = t.Kinds.Pick(r);
            sector = t.Sectors.Pick(r);
            var (regionCode, subregion, regionPlace) = Region(country);
            (nuts2, nuts3, place) = (regionCode!, subregion, regionPlace);

            var organisation = Organisation();
            var size = Size();
            return new Profile
            {
                SchemaVersion = "1.0",
                ProfileId = "synthetic-" + index.ToString("D5", CultureInfo.InvariantCulture),
                AsOf = asOf,
                Organisation = organisation,
                Size = size,
                Finance = Finance(),
                Cluster = Cluster(),
                FundingHistory = FundingHistory(),
                Memberships = Memberships(),
                International = International(),
                Application = Application(),
            };
        }

        // ---- organisation -------------------------------------------------------------------------------

        private Organisation Organisation()
        {
            var localForms = d.LegalForms.ByCountry?.GetValueOrDefault(country)?.For(kind);
            var forms = localForms is null
                ? t.LegalFormsFor("", kind, d.LegalForms.For(kind))
                : t.LegalFormsFor(country, kind, localForms);
            var form = forms.Pick(r);
            var national = d.LegalForms.National?.GetValueOrDefault(country)?.GetValueOrDefault(form.National ?? form.LegalForm);

            var registration = kind == "cluster" ? d.Registration.Cluster : d.Registration.Sme;
            var registered = r.Double() < registration.YoungShare
                ? Between(asOf.AddYears(-registration.YoungYears), asOf)
                : Between(new DateOnly(registration.FromYear, 1, 1), asOf);
            registrationDate = registered;

            return new Organisation
            {
                Name = kind == "cluster" ? ClusterName(country, place, sector) : CompanyName(country, place, sector),
                LegalForm = Keep("organisation.legalForm", form.LegalForm),
                NationalLegalForm = national,
                HasLegalPersonality = Keep("organisation.hasLegalPersonality", (bool?)form.HasLegalPersonality),
                ForProfit = Keep("organisation.forProfit", (bool?)form.ForProfit),
                BodyGovernedByPublicLaw = form.BodyGovernedByPublicLaw,
                Ownership = Keep("organisation.ownership", Ownership()),
                Country = country,
                Nuts2 = Keep("organisation.nuts2", nuts2),
                Nuts3 = Keep("organisation.nuts3", nuts3),
                RegistrationDate = Keep("organisation.registrationDate", (DateOnly?)registered),
            };
        }

        private Ownership Ownership()
        {
            var o = kind == "cluster" ? d.Ownership.Cluster : d.Ownership.Sme;
            var publicPct = r.Double() < o.PublicProbability ? Percent(o.PublicPct) : 0m;
            return new Ownership
            {
                PublicPct = publicPct,
                PrivatePct = 100m - publicPct,
                DomesticPct = Percent(o.DomesticPct),
                LargeEnterprisePct = r.Double() < o.LargeProbability ? Percent(o.LargeEnterprisePct) : 0m,
            };
        }

        // ---- size and finance ---------------------------------------------------------------------------

        private SizeData? Size()
        {
            if (kind == "cluster")
            {
                var c = d.Size.Cluster;
                managementFte = Math.Round(Number(d.Cluster.ManagementStaffFte) * 4m) / 4m;
                var turnover = Money(Number(c.TurnoverEur));
                figures = new Figures(Half(managementFte + Number(c.ExtraStaffAwu)), turnover, Money(turnover * Number(c.BalanceSheetToTurnover)));
            }
            else
            {
                figures = SmeFigures(t.SmeClasses.Pick(r));
            }
            relationships = Relationships();

            return Keep("size", new SizeData
            {
                FiscalYear = asOf.Year - 1,
                StaffHeadcountAwu = Keep("size.staffHeadcountAwu", (decimal?)figures.StaffAwu),
                TurnoverEur = figures.TurnoverEur,
                BalanceSheetEur = Keep("size.balanceSheetEur", (decimal?)figures.BalanceSheetEur),
                Relationships = Keep("size.relationships", relationships),
            });
        }

        private Figures SmeFigures(SizeClass c) =>
            new(Half(Number(c.StaffAwu)), Money(Number(c.TurnoverEur)), Money(Number(c.BalanceSheetEur)));

        private IReadOnlyList<EnterpriseRelationship> Relationships()
        {
            var rel = d.Relationships;
            if (r.Double() >= rel.Probability.GetValueOrDefault(kind)) return [];
            var count = int.Parse(t.RelationshipCounts.Pick(r), CultureInfo.InvariantCulture);
            var list = new List<EnterpriseRelationship>(count);
            for (var i = 1; i <= count; i++)
            {
                var linked = r.Double() < rel.LinkedProbability;
                var other = SmeFigures(d.Size.Sme[t.RelatedClasses.Pick(r)]);
                list.Add(new EnterpriseRelationship
                {
                    EntityId = "group-company-" + i.ToString(CultureInfo.InvariantCulture),
                    Direction = r.Double() < 0.5 ? "holds" : "heldBy",
                    SharePct = Percent(linked ? rel.LinkedSharePct : rel.PartnerSharePct),
                    // A partner enterprise has no control beyond its share, or it would be linked.
                    ControlType = linked ? t.ControlTypes.Pick(r) : "none",
                    StaffHeadcountAwu = other.StaffAwu,
                    TurnoverEur = other.TurnoverEur,
                    BalanceSheetEur = other.BalanceSheetEur,
                });
            }
            return list;
        }

        private FinanceData? Finance()
        {
            var f = d.Finance;
            return Keep("finance", new FinanceData
            {
                OperatingProfitLastYearEur = Money(figures.TurnoverEur * Number(f.OperatingMarginPct) / 100m),
                EquityEur = Money(figures.BalanceSheetEur * Number(f.EquityPctOfBalanceSheet) / 100m),
                RdCostsPctOfOperatingCosts = Percent(f.RdCostsPct[kind]),
                RdStaffPctFte = Percent(f.RdStaffPct[kind]),
            });
        }

        // ---- cluster ------------------------------------------------------------------------------------

        private ClusterData? Cluster()
        {
            var c = d.Cluster;
            if (kind != "cluster")
                return r.Double() < c.SmeStatesNotClusterProbability ? new ClusterData { IsClusterOrganisation = false } : null;

            var managingSince = registrationDate.AddDays(Int(d.Registration.ManagingAfterDays));
            if (managingSince > asOf) managingSince = asOf;
            var (members, total) = MemberCounts();
            var employees = (int)Math.Round(total * Number(c.Members.EmployeesPerMember));

            return new ClusterData
            {
                IsClusterOrganisation = true,
                ManagementStaffFte = managementFte,
                ManagingSince = Keep("cluster.managingSince", (DateOnly?)managingSince),
                Members = Keep("cluster.members", members),
                MemberList = r.Double() < c.Members.MemberListProbability ? MemberList() : null,
                Eccp = Keep("cluster.eccp", Eccp()),
                ExcellenceLabel = Keep("cluster.excellenceLabel", ExcellenceLabel()),
                NationalQualifications = Keep("cluster.nationalQualifications", NationalQualifications()),
                NaceCodes = [.. r.Shuffle(sector.NaceCodes).Take(r.Int(1, sector.NaceCodes.Count))],
                IndustrialEcosystems = sector.IndustrialEcosystems,
                S3Domains = [new S3Domain { Strategy = S3Strategy(), Domain = sector.S3Domain }],
                MemberTurnoverEur = Money(employees * Number(c.Members.TurnoverPerEmployeeEur)),
                MemberEmployees = employees,
                ClusterBudgetEur = Money(Number(c.Budget.ClusterBudgetEur)),
                PublicFundingSharePct = Percent(c.Budget.PublicFundingSharePct),
            };
        }

        private (MemberCounts Counts, int Total) MemberCounts()
        {
            var m = d.Cluster.Members;
            var total = (int)Math.Round(Number(m.Total));
            var byType = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < total; i++)
            {
                var type = t.MemberTypes.Pick(r);
                byType[type] = byType.GetValueOrDefault(type) + 1;
            }
            int N(string type) => byType.GetValueOrDefault(type);
            return (new MemberCounts
            {
                Total = total,
                Micro = N("micro"),
                Small = N("small"),
                Medium = N("medium"),
                Large = N("large"),
                ResearchOrganisations = N("researchOrganisations"),
                Universities = N("universities"),
                VetProviders = N("vetProviders"),
                PublicBodies = N("publicBodies"),
                Other = N("other"),
                AnyMemberWithMajorityInfluence = Keep("cluster.members.anyMemberWithMajorityInfluence",
                    (bool?)(r.Double() < m.MajorityInfluenceProbability)),
            }, total);
        }

        private List<ClusterMember> MemberList()
        {
            var count = Int(d.Cluster.Members.MemberListSize);
            var list = new List<ClusterMember>(count);
            for (var i = 0; i < count; i++)
            {
                var type = t.MemberTypes.Pick(r);
                if (type == "unclassified") continue;
                var (memberType, sizeClass) = type switch
                {
                    "micro" or "small" or "medium" => ("sme", type),
                    "large" => ("large_enterprise", "large"),
                    "researchOrganisations" => ("research_organisation", null),
                    "universities" => ("university", null),
                    "vetProviders" => ("vet_provider", null),
                    "publicBodies" => ("public_body", null),
                    _ => ("other", (string?)null),
                };
                list.Add(new ClusterMember
                {
                    Name = PartnerName(memberType, country, place),
                    Type = memberType,
                    SizeClass = sizeClass,
                    Country = country,
                    Nuts2 = nuts2,
                });
            }
            return list;
        }

        private EccpProfile Eccp()
        {
            var profiled = r.Double() < d.Cluster.Eccp.ProfiledProbability;
            return new EccpProfile { Profiled = profiled, Validated = profiled && r.Double() < d.Cluster.Eccp.ValidatedProbability };
        }

        private ExcellenceLabel ExcellenceLabel()
        {
            var l = d.Cluster.ExcellenceLabel;
            var level = t.LabelLevels.Pick(r);
            if (level == "none") return new ExcellenceLabel { Level = "none" };
            var assessed = Between(asOf.AddMonths(-l.AssessedWithinMonths), asOf);
            return new ExcellenceLabel
            {
                Level = level,
                AssessedOn = assessed,
                ValidUntil = EndOfMonth(assessed.AddMonths(l.ValidityMonths[level])),
                Issuer = t.LabelIssuers.Pick(r),
            };
        }

        private List<NationalQualification> NationalQualifications()
        {
            var list = new List<NationalQualification>();
            foreach (var (q, levels) in t.Qualifications)
            {
                if (!q.Countries.Contains(country) || (q.Nuts2 is { } regions && !regions.Contains(nuts2))) continue;
                if (r.Double() >= q.Probability) continue;
                list.Add(new NationalQualification
                {
                    Scheme = q.Scheme,
                    Level = levels.Pick(r),
                    ValidUntil = EndOfMonth(asOf.AddMonths(Int(q.ValidUntilMonths))),
                });
            }
            return list;
        }

        private string? S3Strategy()
        {
            var template = t.NamesOf(country).S3Strategy;
            return template?.Replace("{region}", t.RegionName(nuts2), StringComparison.Ordinal);
        }

        // ---- funding history, memberships, international ------------------------------------------------

        private List<FundingRecord>? FundingHistory()
        {
            var f = d.FundingHistory;
            var count = int.Parse(t.GrantCounts.Pick(r), CultureInfo.InvariantCulture);
            var list = new List<FundingRecord>(count);
            for (var i = 0; i < count; i++)
            {
                var regime = t.Regimes.Pick(r);
                var granted = Between(asOf.AddMonths(-f.WithinMonths), asOf);
                var amount = Money(Number(f.AmountEur[regime]));
                var grantingCountry = country;
                if (r.Double() < f.ForeignProbability)
                    for (var attempt = 0; grantingCountry == country && attempt < 10; attempt++)
                        grantingCountry = t.Countries.Pick(r);
                var beneficiary = relationships.Count > 0 && r.Double() < f.RelatedProbability
                    ? relationships[r.Int(0, relationships.Count - 1)].EntityId
                    : "self";
                list.Add(new FundingRecord
                {
                    SchemeId = grantingCountry.ToLowerInvariant() + "-" + t.Purposes.Pick(r),
                    BeneficiaryEntityId = beneficiary,
                    GrantingCountry = grantingCountry,
                    Regime = regime == "de_minimis"
                        ? granted < f.DeMinimis2023From ? "de_minimis_1407_2013" : "de_minimis_2023_2831"
                        : regime,
                    GberArticle = regime == "gber" ? t.GberArticles.Pick(r) : null,
                    AmountEur = amount,
                    GrossGrantEquivalentEur = r.Double() < f.LoanProbability ? Money(amount * Number(f.GrossGrantEquivalentShare)) : amount,
                    LegalRightDate = granted,
                });
            }
            return Keep("fundingHistory", list);
        }

        private List<Membership>? Memberships()
        {
            if (kind == "cluster") return null;
            var list = new List<Membership>();
            if (r.Double() < d.Memberships.SmeProbability)
            {
                var clusterSector = t.Sectors.Pick(r);
                list.Add(new Membership
                {
                    ClusterName = ClusterName(country, place, clusterSector),
                    EccpProfiled = r.Double() < d.Cluster.Eccp.ProfiledProbability,
                });
            }
            return Keep("memberships", list);
        }

        private InternationalData? International()
        {
            var wanted = int.Parse(t.CooperationCounts.Pick(r), CultureInfo.InvariantCulture);
            var countries = new List<string>();
            for (var attempt = 0; countries.Count < wanted && attempt < wanted * 10; attempt++)
            {
                var c = t.PartnerCountries.Pick(r);
                if (c != country && !countries.Contains(c)) countries.Add(c);
            }
            return Keep("international", new InternationalData
            {
                CountriesOfCooperation = countries,
                EuroclusterMember = r.Double() < d.International.EuroclusterProbability.GetValueOrDefault(kind),
            });
        }

        // ---- application --------------------------------------------------------------------------------

        private Application? Application()
        {
            var a = d.Application;
            if (r.Double() >= a.Probability.GetValueOrDefault(kind)) return null;
            var mode = r.Double() < a.ConsortiumProbability.GetValueOrDefault(kind) ? "consortium" : "single";
            var role = mode == "single" ? "single" : r.Double() < a.CoordinatorProbability ? "coordinator" : "partner";

            var scheme = t.SchemesFor(kind, country, nuts2, mode)?.Pick(r);
            var costs = Money(Number(scheme?.EligibleCostsEur ?? a.EligibleCostsEur[mode]));
            var requested = Money(costs * Number(a.AidIntensityPct) / 100m);
            var trlStart = int.Parse(t.TrlStarts.Pick(r), CultureInfo.InvariantCulture);
            var trlTarget = Math.Min(9, trlStart + int.Parse(t.TrlGains.Pick(r), CultureInfo.InvariantCulture));
            var keepTrl = Known("application.trl");

            return new Application
            {
                SchemeId = scheme?.Id,
                Role = role,
                SubmissionDate = asOf.AddDays(Int(a.SubmissionAfterDays)),
                RequestedAidEur = Keep("application.requestedAidEur", (decimal?)requested),
                EligibleCostsEur = Keep("application.eligibleCostsEur", (decimal?)costs),
                DurationMonths = Keep("application.durationMonths", (int?)int.Parse(t.Durations.Pick(r), CultureInfo.InvariantCulture)),
                TrlStart = keepTrl ? trlStart : null,
                TrlTarget = keepTrl ? trlTarget : null,
                Consortium = mode == "single" ? [] : Consortium(role),
            };
        }

        private List<ConsortiumPartner> Consortium(string applicantRole)
        {
            var a = d.Application;
            var count = int.Parse(t.PartnerCounts.Pick(r), CultureInfo.InvariantCulture);

            // The applicant takes its share; the partners split the rest by random weights, rounded down so the
            // shares never add up to more than 100 %.
            var applicantShare = Percent(a.ApplicantBudgetSharePct[applicantRole]);
            var weights = Enumerable.Range(0, count).Select(_ => 0.2 + r.Double()).ToArray();
            var sum = weights.Sum();

            var partners = new List<ConsortiumPartner>(count);
            for (var i = 0; i < count; i++)
            {
                var partnerCountry = r.Double() < a.SameCountryProbability ? country : t.PartnerCountries.Pick(r);
                var type = t.EntityTypes.Pick(r);
                var attributes = a.EntityTypes[type];
                var (pNuts2, pNuts3, pPlace) = Region(partnerCountry);
                var share = Math.Floor((100m - applicantShare) * (decimal)(weights[i] / sum) * 10m) / 10m;
                partners.Add(new ConsortiumPartner
                {
                    Name = PartnerName(type, partnerCountry, pPlace),
                    Country = partnerCountry,
                    Nuts2 = Keep("application.consortium[].nuts2", pNuts2),
                    Nuts3 = pNuts3 is null ? null : Keep("application.consortium[].nuts3", pNuts3),
                    EntityType = Keep("application.consortium[].entityType", type),
                    ForProfit = attributes.ForProfit,
                    BodyGovernedByPublicLaw = attributes.BodyGovernedByPublicLaw,
                    IsSme = attributes.IsSme,
                    IsClusterOrganisation = attributes.IsClusterOrganisation,
                    // When the applicant is a partner, the first listed partner leads the proposal.
                    Role = applicantRole == "partner" && i == 0 ? "coordinator" : "partner",
                    BudgetSharePct = Keep("application.consortium[].budgetSharePct", (decimal?)share),
                });
            }
            return partners;
        }

        // ---- places and names ---------------------------------------------------------------------------

        /// <summary>A NUTS 2 region of the country by weight, a NUTS 3 region inside it where the table has them, and the place name.</summary>
        private (string? Nuts2, string? Nuts3, string Place) Region(string c)
        {
            var regions = t.RegionsOf(c);
            if (regions is null) return (null, null, c);
            var code = regions.Pick(r);
            if (t.Nuts3Of(code) is { Count: > 0 } subregions)
            {
                var sub = subregions[r.Int(0, subregions.Count - 1)];
                return (code, sub.Code, sub.Name);
            }
            return (code, null, t.RegionName(code));
        }

        private string ClusterName(string c, string where, Sector s) =>
            Fill(Pick(t.NamesOf(c).Cluster), c, where, s);

        private string CompanyName(string c, string where, Sector s) =>
            Fill(Pick(t.NamesOf(c).Company), c, where, s);

        private string PartnerName(string entityType, string c, string where) =>
            d.Names.PartnerTemplates.GetValueOrDefault(entityType, "{place} {sector}") switch
            {
                "{company}" => CompanyName(c, where, sector),
                "{cluster}" => ClusterName(c, where, sector),
                var template => Fill(template, c, where, sector),
            };

        private string Fill(string template, string c, string where, Sector s)
        {
            var name = template
                .Replace("{place}", where, StringComparison.Ordinal)
                .Replace("{sector}", s.Label, StringComparison.Ordinal);
            if (name.Contains("{brand}", StringComparison.Ordinal))
                name = name.Replace("{brand}", Pick(d.Names.Brands), StringComparison.Ordinal);
            if (name.Contains("{surname}", StringComparison.Ordinal))
                name = name.Replace("{surname}", fakers.Surname(t.LocaleOf(c), r), StringComparison.Ordinal);
            return name;
        }

        private string Pick(IReadOnlyList<string> items) => items[r.Int(0, items.Count - 1)];

        // ---- numbers, dates and missing facts -----------------------------------------------------------

        private bool Known(string path) => r.Double() >= t.MissingProbability(path);

        /// <summary>The value, or null (unknown) with the probability the distributions give the path.</summary>
        private T? Keep<T>(string path, T? value) where T : class => Known(path) ? value : null;

        private T? Keep<T>(string path, T? value) where T : struct => Known(path) ? value : null;

        private decimal Number(NumberRange range)
        {
            var u = r.Double();
            if (range.Scale == "log")
                return (decimal)Math.Exp(Math.Log((double)range.Min) + u * (Math.Log((double)range.Max) - Math.Log((double)range.Min)));
            return range.Min + (decimal)u * (range.Max - range.Min);
        }

        private int Int(NumberRange range) => r.Int((int)range.Min, (int)range.Max);

        private static decimal Money(decimal amount) => Math.Round(amount / 100m, MidpointRounding.AwayFromZero) * 100m;

        private static decimal Half(decimal value) => Math.Max(0.5m, Math.Round(value * 2m, MidpointRounding.AwayFromZero) / 2m);

        private decimal Percent(NumberRange range) => Math.Clamp(Math.Round(Number(range), 1), 0m, 100m);

        private DateOnly Between(DateOnly from, DateOnly to) =>
            to <= from ? to : DateOnly.FromDayNumber(r.Int(from.DayNumber, to.DayNumber));

        private static DateOnly EndOfMonth(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);
    }

    private readonly record struct Figures(decimal StaffAwu, decimal TurnoverEur, decimal BalanceSheetEur);

    /// <summary>
    /// One Bogus name data set per locale, reused across the profiles of a run and driven by each profile's randomizer.
    /// Only names are drawn: a whole <see cref="Faker"/> would build every other data set of the locale too.
    /// </summary>
    private sealed class Fakers
    {
        private readonly Dictionary<string, Bogus.DataSets.Name> byLocale = new(StringComparer.Ordinal);

        public string Surname(string locale, Randomizer random)
        {
            if (!byLocale.TryGetValue(locale, out var names))
                byLocale[locale] = names = new Bogus.DataSets.Name(locale);
            names.Random = random;
            return names.LastName();
        }
    }

    /// <summary>The distributions turned into weighted tables once, in a fixed (ordinal) order so draws are reproducible.</summary>
    private sealed class Tables
    {
        public Tables(PopulationDistributions d, NutsRegionsFile nuts)
        {
            D = d;
            Countries = Weighted.Of(d.Countries.Weights);
            CountryCodes = [.. d.Countries.Weights.Keys.Order(StringComparer.Ordinal)];
            Kinds = Weighted.Of(d.ApplicantKinds.Weights);
            Sectors = new(d.Sectors.Items.Select(s => (s, s.Weight)));
            SmeClasses = Weighted.Of(d.Size.Sme, c => c.Weight);
            RelationshipCounts = Weighted.Of(d.Relationships.Count);
            RelatedClasses = Weighted.Of(d.Relationships.SizeClass);
            ControlTypes = Weighted.Of(d.Relationships.ControlTypes);
            MemberTypes = Weighted.Of(d.Cluster.Members.TypeWeights);
            LabelLevels = Weighted.Of(d.Cluster.ExcellenceLabel.Levels);
            LabelIssuers = Weighted.Of(d.Cluster.ExcellenceLabel.Issuers);
            Qualifications = [.. d.Cluster.NationalQualifications.Items.Select(q => (q, Weighted.Of(q.Levels)))];
            GrantCounts = Weighted.Of(d.FundingHistory.Grants);
            Regimes = Weighted.Of(d.FundingHistory.Regimes);
            GberArticles = Weighted.Of(d.FundingHistory.GberArticles);
            Purposes = Weighted.Of(d.FundingHistory.Purposes);
            CooperationCounts = Weighted.Of(d.International.Countries);
            PartnerCountries = Weighted.Of(d.Application.PartnerCountries);
            PartnerCounts = Weighted.Of(d.Application.Partners);
            EntityTypes = Weighted.Of(d.Application.EntityTypes.ToDictionary(kv => kv.Key, kv => kv.Value.Weight, StringComparer.Ordinal));
            Durations = Weighted.Of(d.Application.DurationMonths);
            TrlStarts = Weighted.Of(d.Application.TrlStart);
            TrlGains = Weighted.Of(d.Application.TrlGain);

            foreach (var (c, weights) in d.Regions.ByCountry) regions[c] = Weighted.Of(weights);
            foreach (var (c, named) in d.Regions.OtherCountries.Regions)
            {
                regions[c] = Weighted.Of(named.ToDictionary(kv => kv.Key, _ => 1.0, StringComparer.Ordinal));
                foreach (var (code, name) in named) regionNames[code] = name;
            }
            foreach (var region in nuts.Regions) regionNames[region.Code] = region.Name;
            foreach (var group in (nuts.Nuts3 ?? []).Where(n => n.Nuts2 is not null).GroupBy(n => n.Nuts2!, StringComparer.Ordinal))
                nuts3[group.Key] = [.. group.OrderBy(n => n.Code, StringComparer.Ordinal)];
            foreach (var (c, names) in d.Names.ByCountry)
                locales[c] = Database.LocaleResourceExists(names.Locale) ? names.Locale : d.Names.FallbackLocale;
        }

        public PopulationDistributions D { get; }
        public IReadOnlyList<string> CountryCodes { get; }
        public Weighted<string> Countries { get; }
        public Weighted<string> Kinds { get; }
        public Weighted<Sector> Sectors { get; }
        public Weighted<SizeClass> SmeClasses { get; }
        public Weighted<string> RelationshipCounts { get; }
        public Weighted<string> RelatedClasses { get; }
        public Weighted<string> ControlTypes { get; }
        public Weighted<string> MemberTypes { get; }
        public Weighted<string> LabelLevels { get; }
        public Weighted<string> LabelIssuers { get; }
        public IReadOnlyList<(QualificationDistribution Item, Weighted<string> Levels)> Qualifications { get; }
        public Weighted<string> GrantCounts { get; }
        public Weighted<string> Regimes { get; }
        public Weighted<string> GberArticles { get; }
        public Weighted<string> Purposes { get; }
        public Weighted<string> CooperationCounts { get; }
        public Weighted<string> PartnerCountries { get; }
        public Weighted<string> PartnerCounts { get; }
        public Weighted<string> EntityTypes { get; }
        public Weighted<string> Durations { get; }
        public Weighted<string> TrlStarts { get; }
        public Weighted<string> TrlGains { get; }

        private readonly Dictionary<string, Weighted<string>> regions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> regionNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<NutsRegion>> nuts3 = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> locales = new(StringComparer.Ordinal);
        // Filled as combinations come up; concurrent because two populations may be drawn at once.
        private readonly ConcurrentDictionary<string, Weighted<LegalFormOption>> legalForms = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Weighted<SchemeChoice>?> schemes = new(StringComparer.Ordinal);

        public Weighted<string>? RegionsOf(string country) => regions.GetValueOrDefault(country);
        public IReadOnlyList<NutsRegion>? Nuts3Of(string nuts2) => nuts3.GetValueOrDefault(nuts2);
        public string RegionName(string code) => regionNames.GetValueOrDefault(code, code);
        public CountryNames NamesOf(string country) => D.Names.ByCountry.GetValueOrDefault(country) ?? D.Names.OtherCountries;
        public string LocaleOf(string country) => locales.GetValueOrDefault(country, D.Names.FallbackLocale);
        public double MissingProbability(string path) => D.Missing.Probabilities.GetValueOrDefault(path);

        public Weighted<LegalFormOption> LegalFormsFor(string country, string kind, IReadOnlyList<LegalFormOption> options)
        {
            return legalForms.GetOrAdd(country + "/" + kind, _ => new(options.Select(o => (o, o.Weight))));
        }

        /// <summary>The schemes an applicant of the kind, country and region applies to in the mode, by weight; null when none fits.</summary>
        public Weighted<SchemeChoice>? SchemesFor(string kind, string country, string nuts2, string mode)
        {
            return schemes.GetOrAdd(kind + "/" + nuts2 + "/" + mode, _ =>
            {
                var fitting = D.Application.Schemes
                    .Where(s => s.Mode == mode && s.Kinds.Contains(kind)
                                && (s.Countries is null || s.Countries.Contains(country))
                                && (s.Nuts2 is null || s.Nuts2.Contains(nuts2)))
                    .Select(s => (s, s.Weight))
                    .ToList();
                return fitting.Count == 0 ? null : new Weighted<SchemeChoice>(fitting);
            });
        }
    }

    /// <summary>Weighted choices from JSON objects, their keys put in ordinal order first: a draw never depends on dictionary order.</summary>
    private static class Weighted
    {
        public static Weighted<string> Of(IReadOnlyDictionary<string, double> weights) =>
            new(weights.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));

        public static Weighted<T> Of<T>(IReadOnlyDictionary<string, T> items, Func<T, double> weight) =>
            new(items.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Value, weight(kv.Value))));
    }

    /// <summary>A choice among items by weight; items of weight 0 are never drawn.</summary>
    private sealed class Weighted<T>
    {
        private readonly T[] items;
        private readonly double[] cumulative;

        public Weighted(IEnumerable<(T Item, double Weight)> weighted)
        {
            var list = weighted.Where(w => w.Weight > 0).ToList();
            items = [.. list.Select(w => w.Item)];
            cumulative = new double[list.Count];
            var sum = 0.0;
            for (var i = 0; i < list.Count; i++) cumulative[i] = sum += list[i].Weight;
        }

        public T Pick(Randomizer random)
        {
            var x = random.Double() * cumulative[^1];
            for (var i = 0; i < cumulative.Length; i++)
                if (x < cumulative[i]) return items[i];
            return items[^1];
        }
    }

    /// <summary>What the generator checks in the distributions file before it draws anything.</summary>
    private static class Validation
    {
        private static readonly string[] Kinds = ["cluster", "sme"];
        private static readonly string[] SizeClasses = ["micro", "small", "medium", "large"];
        private static readonly string[] MemberTypes = ["micro", "small", "medium", "large", "researchOrganisations", "universities", "vetProviders", "publicBodies", "other", "unclassified"];
        private static readonly string[] LabelLevels = ["none", "bronze", "silver", "gold"];
        private static readonly string[] Regimes = ["de_minimis", "gber", "not_state_aid", "notified"];
        private static readonly string[] ControlTypes = ["none", "majority_votes", "board_appointment", "dominant_influence", "agreement"];
        private static readonly string[] EntityTypes = ["sme", "large_enterprise", "cluster_organisation", "research_organisation", "university", "public_body", "ngo", "vet_provider", "chamber", "other"];
        private static readonly string[] LegalForms = ["association", "foundation", "company_llc", "company_jsc", "cooperative", "consortium_no_legal_personality", "public_body", "body_governed_by_public_law", "chamber", "university", "research_organisation", "sole_trader", "other"];

        /// <summary>The profile paths the generator can leave out, as the keys of missing.probabilities.</summary>
        public static readonly string[] MissablePaths =
        [
            "organisation.nuts2", "organisation.nuts3", "organisation.registrationDate", "organisation.legalForm",
            "organisation.forProfit", "organisation.hasLegalPersonality", "organisation.ownership",
            "size", "size.staffHeadcountAwu", "size.balanceSheetEur", "size.relationships", "finance",
            "cluster.managingSince", "cluster.members", "cluster.members.anyMemberWithMajorityInfluence", "cluster.eccp",
            "cluster.excellenceLabel", "cluster.nationalQualifications", "fundingHistory", "memberships", "international",
            "application.requestedAidEur", "application.eligibleCostsEur", "application.durationMonths", "application.trl",
            "application.consortium[].nuts2", "application.consortium[].nuts3", "application.consortium[].entityType",
            "application.consortium[].budgetSharePct",
        ];

        public static List<string> Problems(PopulationDistributions d, NutsRegionsFile nuts)
        {
            var problems = new List<string>();
            void Problem(string path, string message) => problems.Add($"{path}: {message}");

            void Weights(string path, IReadOnlyDictionary<string, double> weights, IReadOnlyCollection<string>? allowed = null, bool integerKeys = false)
            {
                if (!weights.Values.Any(w => w > 0)) Problem(path, "needs at least one weight above 0");
                foreach (var (key, weight) in weights)
                {
                    if (weight < 0 || !double.IsFinite(weight)) Problem($"{path}.{key}", "a weight is a number of 0 or more");
                    if (allowed is not null && !allowed.Contains(key)) Problem($"{path}.{key}", $"is not one of {string.Join(", ", allowed)}");
                    if (integerKeys && !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) Problem($"{path}.{key}", "the key must be a whole number");
                }
            }
            void Probability(string path, double p)
            {
                if (p is < 0 or > 1 || double.IsNaN(p)) Problem(path, "a probability is between 0 and 1");
            }
            void Span(string path, NumberRange r, decimal? floor = null, decimal? ceiling = null)
            {
                if (r.Min > r.Max) Problem(path, $"min {r.Min} is above max {r.Max}");
                if (r.Scale is not null and not "log" and not "linear") Problem($"{path}.scale", "is \"log\" or \"linear\"");
                if (r.Scale == "log" && r.Min <= 0) Problem(path, "a log-scale range needs min above 0");
                if (floor is { } f && r.Min < f) Problem(path, $"min is below {f}");
                if (ceiling is { } c && r.Max > c) Problem(path, $"max is above {c}");
            }

            // Countries and regions: every NUTS 2 code in the table, under its own country.
            var nuts2 = nuts.Regions.ToDictionary(n => n.Code, n => n.Country, StringComparer.Ordinal);
            Weights("countries.weights", d.Countries.Weights);
            foreach (var country in d.Countries.Weights.Keys)
            {
                if (!d.Regions.ByCountry.ContainsKey(country)) Problem($"regions.byCountry.{country}", "the country has no regions");
                if (!d.Names.ByCountry.ContainsKey(country)) Problem($"names.byCountry.{country}", "the country has no name templates");
            }
            foreach (var (country, weights) in d.Regions.ByCountry)
            {
                Weights($"regions.byCountry.{country}", weights);
                foreach (var code in weights.Keys)
                {
                    if (!nuts2.TryGetValue(code, out var owner)) Problem($"regions.byCountry.{country}.{code}", $"is not a NUTS 2 region of {d.NutsRegions.Path}");
                    else if (owner != country) Problem($"regions.byCountry.{country}.{code}", $"is a region of {owner}, not of {country}");
                }
            }
            foreach (var (country, regions) in d.Regions.OtherCountries.Regions)
            {
                if (regions.Count == 0) Problem($"regions.otherCountries.regions.{country}", "lists no region");
                foreach (var code in regions.Keys.Where(c => !c.StartsWith(ProfileReader.NutsPrefix(country), StringComparison.Ordinal) || c.Length != 4))
                    Problem($"regions.otherCountries.regions.{country}.{code}", $"is not a NUTS 2 code of {country}");
            }
            Weights("application.partnerCountries", d.Application.PartnerCountries);
            foreach (var country in d.Application.PartnerCountries.Keys.Where(c => !d.Regions.ByCountry.ContainsKey(c) && !d.Regions.OtherCountries.Regions.ContainsKey(c)))
                Problem($"application.partnerCountries.{country}", "the country has no regions in regions.byCountry or regions.otherCountries");

            // Names.
            foreach (var (country, names) in d.Names.ByCountry.Append(KeyValuePair.Create("otherCountries", d.Names.OtherCountries)))
            {
                if (names.Cluster.Count == 0 || names.Company.Count == 0) Problem($"names.byCountry.{country}", "needs at least one cluster and one company template");
            }
            if (d.Names.Brands.Count == 0) Problem("names.brands", "lists no brand");
            foreach (var type in EntityTypes.Where(e => !d.Names.PartnerTemplates.ContainsKey(e)))
                Problem($"names.partnerTemplates.{type}", "is missing");

            // Kinds, sectors, legal forms.
            Weights("applicantKinds.weights", d.ApplicantKinds.Weights, Kinds);
            if (d.Sectors.Items.Count == 0) Problem("sectors.items", "lists no sector");
            foreach (var s in d.Sectors.Items.Where(s => s.NaceCodes.Count == 0 || s.Weight < 0))
                Problem($"sectors.items.{s.Key}", "needs NACE codes and a weight of 0 or more");
            foreach (var s in d.Sectors.Items.Where(s => s.NaceCodes.Distinct(StringComparer.Ordinal).Count() < s.NaceCodes.Count
                                                          || s.IndustrialEcosystems.Distinct(StringComparer.Ordinal).Count() < s.IndustrialEcosystems.Count))
                Problem($"sectors.items.{s.Key}", "lists a NACE code or an ecosystem twice (the profile schema wants them unique)");
            void Forms(string path, IReadOnlyList<LegalFormOption>? options)
            {
                if (options is null) return;
                if (!options.Any(o => o.Weight > 0)) Problem(path, "needs at least one legal form with a weight above 0");
                foreach (var o in options.Where(o => !LegalForms.Contains(o.LegalForm)))
                    Problem($"{path}.{o.LegalForm}", "is not a legal form of the profile schema");
            }
            Forms("legalForms.cluster", d.LegalForms.Cluster);
            Forms("legalForms.sme", d.LegalForms.Sme);
            foreach (var (country, local) in d.LegalForms.ByCountry ?? new Dictionary<string, KindLegalForms>())
            {
                Forms($"legalForms.byCountry.{country}.cluster", local.Cluster);
                Forms($"legalForms.byCountry.{country}.sme", local.Sme);
            }

            // Dates, sizes, ownership, relationships, finance.
            foreach (var (kind, reg) in new[] { ("cluster", d.Registration.Cluster), ("sme", d.Registration.Sme) })
            {
                Probability($"registration.{kind}.youngShare", reg.YoungShare);
                if (reg.FromYear < 1900 || reg.YoungYears < 0) Problem($"registration.{kind}", "fromYear and youngYears are out of range");
            }
            Span("registration.managingAfterDays", d.Registration.ManagingAfterDays, 0);
            foreach (var (kind, o) in new[] { ("cluster", d.Ownership.Cluster), ("sme", d.Ownership.Sme) })
            {
                Probability($"ownership.{kind}.publicProbability", o.PublicProbability);
                Probability($"ownership.{kind}.largeProbability", o.LargeProbability);
                Span($"ownership.{kind}.publicPct", o.PublicPct, 0, 100);
                Span($"ownership.{kind}.domesticPct", o.DomesticPct, 0, 100);
                Span($"ownership.{kind}.largeEnterprisePct", o.LargeEnterprisePct, 0, 100);
            }
            Weights("size.sme", d.Size.Sme.ToDictionary(kv => kv.Key, kv => kv.Value.Weight), SizeClasses);
            foreach (var (cls, bounds) in d.Size.Sme)
            {
                Span($"size.sme.{cls}.staffAwu", bounds.StaffAwu, 0);
                Span($"size.sme.{cls}.turnoverEur", bounds.TurnoverEur, 0);
                Span($"size.sme.{cls}.balanceSheetEur", bounds.BalanceSheetEur, 0);
            }
            Span("size.cluster.extraStaffAwu", d.Size.Cluster.ExtraStaffAwu, 0);
            Span("size.cluster.turnoverEur", d.Size.Cluster.TurnoverEur, 0);
            Span("size.cluster.balanceSheetToTurnover", d.Size.Cluster.BalanceSheetToTurnover, 0);
            foreach (var (kind, p) in d.Relationships.Probability) Probability($"relationships.probability.{kind}", p);
            Weights("relationships.count", d.Relationships.Count, integerKeys: true);
            Probability("relationships.linkedProbability", d.Relationships.LinkedProbability);
            Span("relationships.partnerSharePct", d.Relationships.PartnerSharePct, 25, 50);
            Span("relationships.linkedSharePct", d.Relationships.LinkedSharePct, 50.1m, 100);
            Weights("relationships.controlTypes", d.Relationships.ControlTypes, ControlTypes);
            Weights("relationships.sizeClass", d.Relationships.SizeClass, d.Size.Sme.Keys.ToList());
            foreach (var kind in Kinds)
            {
                if (!d.Finance.RdCostsPct.TryGetValue(kind, out var costs)) Problem($"finance.rdCostsPct.{kind}", "is missing");
                else Span($"finance.rdCostsPct.{kind}", costs, 0, 100);
                if (!d.Finance.RdStaffPct.TryGetValue(kind, out var staff)) Problem($"finance.rdStaffPct.{kind}", "is missing");
                else Span($"finance.rdStaffPct.{kind}", staff, 0, 100);
            }

            // Cluster.
            var c = d.Cluster;
            Probability("cluster.smeStatesNotClusterProbability", c.SmeStatesNotClusterProbability);
            Span("cluster.members.total", c.Members.Total, 0);
            Weights("cluster.members.typeWeights", c.Members.TypeWeights, MemberTypes);
            Probability("cluster.members.majorityInfluenceProbability", c.Members.MajorityInfluenceProbability);
            Probability("cluster.members.memberListProbability", c.Members.MemberListProbability);
            Span("cluster.members.memberListSize", c.Members.MemberListSize, 0);
            Span("cluster.members.employeesPerMember", c.Members.EmployeesPerMember, 0);
            Span("cluster.members.turnoverPerEmployeeEur", c.Members.TurnoverPerEmployeeEur, 0);
            Span("cluster.managementStaffFte", c.ManagementStaffFte, 0);
            Probability("cluster.eccp.profiledProbability", c.Eccp.ProfiledProbability);
            Probability("cluster.eccp.validatedProbability", c.Eccp.ValidatedProbability);
            Weights("cluster.excellenceLabel.levels", c.ExcellenceLabel.Levels, LabelLevels);
            foreach (var level in c.ExcellenceLabel.Levels.Keys.Where(l => l != "none" && !c.ExcellenceLabel.ValidityMonths.ContainsKey(l)))
                Problem($"cluster.excellenceLabel.validityMonths.{level}", "is missing");
            if (c.ExcellenceLabel.ValidityMonths.Values.Any(m => m < 0) || c.ExcellenceLabel.AssessedWithinMonths < 0)
                Problem("cluster.excellenceLabel", "months are 0 or more");
            Weights("cluster.excellenceLabel.issuers", c.ExcellenceLabel.Issuers);
            foreach (var q in c.NationalQualifications.Items)
            {
                foreach (var code in (q.Nuts2 ?? []).Where(code => !nuts2.ContainsKey(code)))
                    Problem($"cluster.nationalQualifications.{q.Scheme}.nuts2", $"'{code}' is not a NUTS 2 region of {d.NutsRegions.Path}");
                Probability($"cluster.nationalQualifications.{q.Scheme}.probability", q.Probability);
                Weights($"cluster.nationalQualifications.{q.Scheme}.levels", q.Levels);
                Span($"cluster.nationalQualifications.{q.Scheme}.validUntilMonths", q.ValidUntilMonths);
            }
            Span("cluster.budget.clusterBudgetEur", c.Budget.ClusterBudgetEur, 0);
            Span("cluster.budget.publicFundingSharePct", c.Budget.PublicFundingSharePct, 0, 100);

            // Funding history, memberships, international.
            var f = d.FundingHistory;
            if (f.WithinMonths < 0) Problem("fundingHistory.withinMonths", "is 0 or more");
            Weights("fundingHistory.grants", f.Grants, integerKeys: true);
            Weights("fundingHistory.regimes", f.Regimes, Regimes);
            foreach (var regime in f.Regimes.Keys.Where(k => !f.AmountEur.ContainsKey(k)))
                Problem($"fundingHistory.amountEur.{regime}", "is missing");
            foreach (var (regime, range) in f.AmountEur) Span($"fundingHistory.amountEur.{regime}", range, 0);
            Weights("fundingHistory.gberArticles", f.GberArticles);
            Weights("fundingHistory.purposes", f.Purposes);
            Probability("fundingHistory.foreignProbability", f.ForeignProbability);
            Probability("fundingHistory.relatedProbability", f.RelatedProbability);
            Probability("fundingHistory.loanProbability", f.LoanProbability);
            Span("fundingHistory.grossGrantEquivalentShare", f.GrossGrantEquivalentShare, 0, 1);
            Probability("memberships.smeProbability", d.Memberships.SmeProbability);
            Weights("international.countries", d.International.Countries, integerKeys: true);
            foreach (var (kind, p) in d.International.EuroclusterProbability) Probability($"international.euroclusterProbability.{kind}", p);

            // Application.
            var a = d.Application;
            foreach (var (kind, p) in a.Probability) Probability($"application.probability.{kind}", p);
            foreach (var (kind, p) in a.ConsortiumProbability) Probability($"application.consortiumProbability.{kind}", p);
            Weights("application.partners", a.Partners, integerKeys: true);
            if (a.Partners.Keys.Any(k => int.TryParse(k, CultureInfo.InvariantCulture, out var n) && n < 1))
                Problem("application.partners", "a consortium lists at least 1 partner");
            Probability("application.sameCountryProbability", a.SameCountryProbability);
            Weights("application.entityTypes", a.EntityTypes.ToDictionary(kv => kv.Key, kv => kv.Value.Weight), EntityTypes);
            Probability("application.coordinatorProbability", a.CoordinatorProbability);
            foreach (var role in new[] { "coordinator", "partner" })
            {
                if (!a.ApplicantBudgetSharePct.TryGetValue(role, out var share)) Problem($"application.applicantBudgetSharePct.{role}", "is missing");
                else Span($"application.applicantBudgetSharePct.{role}", share, 0, 100);
            }
            foreach (var mode in new[] { "single", "consortium" })
            {
                if (!a.EligibleCostsEur.TryGetValue(mode, out var costs)) Problem($"application.eligibleCostsEur.{mode}", "is missing");
                else Span($"application.eligibleCostsEur.{mode}", costs, 0);
            }
            Span("application.aidIntensityPct", a.AidIntensityPct, 0);
            Weights("application.durationMonths", a.DurationMonths, integerKeys: true);
            Span("application.submissionAfterDays", a.SubmissionAfterDays);
            Weights("application.trlStart", a.TrlStart, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
            Weights("application.trlGain", a.TrlGain, integerKeys: true);
            foreach (var s in a.Schemes)
            {
                if (s.Mode is not ("single" or "consortium")) Problem($"application.schemes.{s.Id}.mode", "is \"single\" or \"consortium\"");
                foreach (var kind in s.Kinds.Where(k => !Kinds.Contains(k))) Problem($"application.schemes.{s.Id}.kinds", $"'{kind}' is not cluster or sme");
                if (s.Weight < 0) Problem($"application.schemes.{s.Id}.weight", "is 0 or more");
                if (s.EligibleCostsEur is { } costs) Span($"application.schemes.{s.Id}.eligibleCostsEur", costs, 0);
                foreach (var code in (s.Nuts2 ?? []).Where(c => !nuts2.ContainsKey(c)))
                    Problem($"application.schemes.{s.Id}.nuts2", $"'{code}' is not a NUTS 2 region of {d.NutsRegions.Path}");
            }

            // Missing facts: only the paths the generator knows how to leave out.
            foreach (var (path, p) in d.Missing.Probabilities)
            {
                if (!MissablePaths.Contains(path)) Problem($"missing.probabilities.{path}", $"is not a path the generator can leave out ({string.Join(", ", MissablePaths)})");
                Probability($"missing.probabilities.{path}", p);
            }
            return problems;
        }
    }

    // ---- the shape of catalogue/populations/distributions.json ------------------------------------------
    // Unknown properties and missing ones are refused, so a misspelt key is an error rather than a distribution
    // silently ignored. Every section may carry a "note".

    private static readonly JsonSerializerOptions Strict = new(JsonDefaults.Read)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private sealed record PopulationDistributions(
        DateSetting DefaultAsOf,
        PathSetting NutsRegions,
        WeightsSection Countries,
        RegionsSection Regions,
        NamesSection Names,
        SectorsSection Sectors,
        WeightsSection ApplicantKinds,
        LegalFormsSection LegalForms,
        RegistrationSection Registration,
        OwnershipSection Ownership,
        SizeSection Size,
        RelationshipsSection Relationships,
        FinanceSection Finance,
        ClusterSection Cluster,
        FundingHistorySection FundingHistory,
        MembershipsSection Memberships,
        InternationalSection International,
        ApplicationSection Application,
        MissingSection Missing,
        string? Description = null,
        string? SchemaVersion = null);

    /// <summary>A range of numbers, drawn uniformly, or uniformly on a log scale when <see cref="Scale"/> is "log".</summary>
    private sealed record NumberRange(decimal Min, decimal Max, string? Scale = null, string? Note = null);

    private sealed record DateSetting(DateOnly Date, string? Note = null);
    private sealed record PathSetting(string Path, string? Note = null);
    private sealed record WeightsSection(IReadOnlyDictionary<string, double> Weights, string? Note = null);

    private sealed record RegionsSection(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ByCountry, OtherRegions OtherCountries, string? Note = null);
    private sealed record OtherRegions(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Regions, string? Note = null);

    private sealed record NamesSection(
        string FallbackLocale,
        IReadOnlyList<string> Brands,
        IReadOnlyDictionary<string, CountryNames> ByCountry,
        CountryNames OtherCountries,
        IReadOnlyDictionary<string, string> PartnerTemplates,
        string? Note = null);
    private sealed record CountryNames(string Locale, IReadOnlyList<string> Cluster, IReadOnlyList<string> Company, string? S3Strategy = null);

    private sealed record SectorsSection(IReadOnlyList<Sector> Items, string? Note = null);
    private sealed record Sector(string Key, string Label, double Weight, IReadOnlyList<string> NaceCodes, IReadOnlyList<string> IndustrialEcosystems, string S3Domain);

    private sealed record LegalFormsSection(
        IReadOnlyList<LegalFormOption> Cluster,
        IReadOnlyList<LegalFormOption> Sme,
        IReadOnlyDictionary<string, KindLegalForms>? ByCountry = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? National = null,
        string? Note = null)
    {
        public IReadOnlyList<LegalFormOption> For(string kind) => kind == "cluster" ? Cluster : Sme;
    }
    private sealed record KindLegalForms(IReadOnlyList<LegalFormOption>? Cluster = null, IReadOnlyList<LegalFormOption>? Sme = null)
    {
        public IReadOnlyList<LegalFormOption>? For(string kind) => kind == "cluster" ? Cluster : Sme;
    }
    private sealed record LegalFormOption(string LegalForm, double Weight, bool HasLegalPersonality, bool ForProfit, bool BodyGovernedByPublicLaw, string? National = null);

    private sealed record RegistrationSection(RegistrationKind Cluster, RegistrationKind Sme, NumberRange ManagingAfterDays, string? Note = null);
    private sealed record RegistrationKind(int FromYear, double YoungShare, int YoungYears);

    private sealed record OwnershipSection(OwnershipKind Cluster, OwnershipKind Sme, string? Note = null);
    private sealed record OwnershipKind(double PublicProbability, NumberRange PublicPct, NumberRange DomesticPct, double LargeProbability, NumberRange LargeEnterprisePct);

    private sealed record SizeSection(IReadOnlyDictionary<string, SizeClass> Sme, ClusterSize Cluster, string? Note = null);
    private sealed record SizeClass(double Weight, NumberRange StaffAwu, NumberRange TurnoverEur, NumberRange BalanceSheetEur);
    private sealed record ClusterSize(NumberRange ExtraStaffAwu, NumberRange TurnoverEur, NumberRange BalanceSheetToTurnover);

    private sealed record RelationshipsSection(
        IReadOnlyDictionary<string, double> Probability,
        IReadOnlyDictionary<string, double> Count,
        double LinkedProbability,
        NumberRange PartnerSharePct,
        NumberRange LinkedSharePct,
        IReadOnlyDictionary<string, double> ControlTypes,
        IReadOnlyDictionary<string, double> SizeClass,
        string? Note = null);

    private sealed record FinanceSection(
        NumberRange OperatingMarginPct,
        NumberRange EquityPctOfBalanceSheet,
        IReadOnlyDictionary<string, NumberRange> RdCostsPct,
        IReadOnlyDictionary<string, NumberRange> RdStaffPct,
        string? Note = null);

    private sealed record ClusterSection(
        double SmeStatesNotClusterProbability,
        MembersDistribution Members,
        NumberRange ManagementStaffFte,
        EccpDistribution Eccp,
        LabelDistribution ExcellenceLabel,
        QualificationsSection NationalQualifications,
        BudgetDistribution Budget,
        string? Note = null);
    private sealed record MembersDistribution(
        NumberRange Total,
        IReadOnlyDictionary<string, double> TypeWeights,
        double MajorityInfluenceProbability,
        double MemberListProbability,
        NumberRange MemberListSize,
        NumberRange EmployeesPerMember,
        NumberRange TurnoverPerEmployeeEur,
        string? Note = null);
    private sealed record EccpDistribution(double ProfiledProbability, double ValidatedProbability, string? Note = null);
    private sealed record LabelDistribution(
        IReadOnlyDictionary<string, double> Levels,
        IReadOnlyDictionary<string, int> ValidityMonths,
        int AssessedWithinMonths,
        IReadOnlyDictionary<string, double> Issuers,
        string? Note = null);
    private sealed record QualificationsSection(IReadOnlyList<QualificationDistribution> Items, string? Note = null);
    private sealed record QualificationDistribution(
        string Scheme,
        IReadOnlyList<string> Countries,
        double Probability,
        IReadOnlyDictionary<string, double> Levels,
        NumberRange ValidUntilMonths,
        IReadOnlyList<string>? Nuts2 = null);
    private sealed record BudgetDistribution(NumberRange ClusterBudgetEur, NumberRange PublicFundingSharePct, string? Note = null);

    private sealed record FundingHistorySection(
        int WithinMonths,
        IReadOnlyDictionary<string, double> Grants,
        IReadOnlyDictionary<string, double> Regimes,
        DateOnly DeMinimis2023From,
        IReadOnlyDictionary<string, NumberRange> AmountEur,
        IReadOnlyDictionary<string, double> GberArticles,
        IReadOnlyDictionary<string, double> Purposes,
        double ForeignProbability,
        double RelatedProbability,
        double LoanProbability,
        NumberRange GrossGrantEquivalentShare,
        string? Note = null);

    private sealed record MembershipsSection(double SmeProbability, string? Note = null);
    private sealed record InternationalSection(IReadOnlyDictionary<string, double> Countries, IReadOnlyDictionary<string, double> EuroclusterProbability, string? Note = null);

    private sealed record ApplicationSection(
        IReadOnlyDictionary<string, double> Probability,
        IReadOnlyDictionary<string, double> ConsortiumProbability,
        IReadOnlyDictionary<string, double> Partners,
        double SameCountryProbability,
        IReadOnlyDictionary<string, double> PartnerCountries,
        IReadOnlyDictionary<string, EntityTypeDistribution> EntityTypes,
        double CoordinatorProbability,
        IReadOnlyDictionary<string, NumberRange> ApplicantBudgetSharePct,
        IReadOnlyDictionary<string, NumberRange> EligibleCostsEur,
        NumberRange AidIntensityPct,
        IReadOnlyDictionary<string, double> DurationMonths,
        NumberRange SubmissionAfterDays,
        IReadOnlyDictionary<string, double> TrlStart,
        IReadOnlyDictionary<string, double> TrlGain,
        IReadOnlyList<SchemeChoice> Schemes,
        string? Note = null);
    private sealed record EntityTypeDistribution(double Weight, bool ForProfit, bool BodyGovernedByPublicLaw, bool IsSme, bool IsClusterOrganisation);
    private sealed record SchemeChoice(string Id, IReadOnlyList<string> Kinds, string Mode, double Weight, IReadOnlyList<string>? Countries = null, IReadOnlyList<string>? Nuts2 = null, NumberRange? EligibleCostsEur = null);

    private sealed record MissingSection(IReadOnlyDictionary<string, double> Probabilities, string? Note = null);
}
