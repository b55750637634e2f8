using KubeApiExporter.Registry;
using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Registry;

/// <summary>
/// The store behind /metrics: per-object series sets, replaced whole on update, removed on delete
/// and by re-list completion, served as sorted, grouped families (README, "Freshness, staleness and faults" and "Endpoints").
/// </summary>
public sealed class SeriesRegistryTests
{
    private const string Deployments = "deployment";

    [Fact]
    public void Upserted_object_is_served_with_HELP_TYPE_and_its_samples()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/web", "", 1, Render.Deploy("web", "\"replicas\": 3"));

        Assert.Equal(
            "# HELP k8s_deployment_spec_replicas spec.replicas of apps/v1 deployments\n"
            + "# TYPE k8s_deployment_spec_replicas gauge\n"
            + "k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 3\n",
            Render.Scrape(store));
    }

    [Fact]
    public void Empty_store_scrapes_as_empty_text()
    {
        Assert.Equal("", Render.Scrape(new SeriesRegistry()));
    }

    [Fact]
    public void First_upsert_counts_every_series_as_added()
    {
        var store = new SeriesRegistry();
        var outcome = store.Upsert(Deployments, "default/web", "", 1, Render.Deploy("web", "\"replicas\": 3, \"paused\": false"));
        Assert.Equal(new ApplyOutcome(2, 0, 0, 0), outcome);
    }

    [Fact]
    public void Update_replaces_the_objects_series_and_a_vanished_family_leaves_the_output_with_its_HELP_and_TYPE()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/web", "", 1, Render.Deploy("web", "\"replicas\": 3, \"minReadySeconds\": 5"));
        Assert.Contains("k8s_deployment_spec_minReadySeconds", Render.Scrape(store));

        var outcome = store.Upsert(Deployments, "default/web", "", 1, Render.Deploy("web", "\"replicas\": 4"));

        var text = Render.Scrape(store);
        Assert.DoesNotContain("minReadySeconds", text);
        Assert.Equal(["k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 4"], Render.SampleSet(store));
        Assert.Equal(new ApplyOutcome(SeriesAdded: 0, SeriesRemoved: 1, SeriesChanged: 1, ObjectsRemoved: 0), outcome);
        Assert.Equal(1, store.SeriesCount(Deployments));
    }

    [Fact]
    public void A_family_another_object_still_has_keeps_its_header_when_one_object_drops_it()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1, \"minReadySeconds\": 5"));
        store.Upsert(Deployments, "default/b", "", 1, Render.Deploy("b", "\"replicas\": 2, \"minReadySeconds\": 7"));

        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1"));

        var doc = Render.Parsed(store);
        Assert.Contains("k8s_deployment_spec_minReadySeconds", doc.Families);
        var remaining = Assert.Single(doc.Samples, s => s.Name == "k8s_deployment_spec_minReadySeconds");
        Assert.Equal("b", remaining.Labels["name"]);
        Assert.Equal("gauge", doc.Types["k8s_deployment_spec_minReadySeconds"]);
    }

    [Fact]
    public void Family_that_left_comes_back_with_its_header_when_an_object_has_it_again()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1, \"minReadySeconds\": 5"));
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1"));
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1, \"minReadySeconds\": 6"));

        var doc = Render.Parsed(store);
        Assert.Equal(["k8s_deployment_spec_minReadySeconds", "k8s_deployment_spec_replicas"], doc.Families);
        Assert.Equal("spec.minReadySeconds of apps/v1 deployments", doc.Help["k8s_deployment_spec_minReadySeconds"]);
        Assert.Equal(6, doc.Samples.Single(s => s.Name == "k8s_deployment_spec_minReadySeconds").Value);
    }

    [Fact]
    public void Unchanged_redelivery_causes_no_churn_and_identical_bytes()
    {
        var store = new SeriesRegistry();
        const string fields = "\"replicas\": 3, \"minReadySeconds\": 5, \"paused\": true";
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", fields));
        store.Upsert(Deployments, "default/b", "", 1, Render.Deploy("b", fields));
        var before = Render.Scrape(store);

        var outcome = store.Upsert(Deployments, "default/a", "", 2, Render.Deploy("a", fields));

        Assert.Equal(default, outcome);
        Assert.Equal(before, Render.Scrape(store));
    }

    [Fact]
    public void Changed_value_counts_as_changed_not_as_added_and_removed()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 3, \"minReadySeconds\": 5"));

        var outcome = store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 4, \"minReadySeconds\": 5"));

        Assert.Equal(new ApplyOutcome(0, 0, 1, 0), outcome);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"a\",namespace=\"default\"} 4\n", Render.Scrape(store));
    }

    [Fact]
    public void Delete_removes_every_series_of_the_object_and_only_that_object()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/doomed", "", 1, Render.Deploy("doomed", "\"replicas\": 3, \"minReadySeconds\": 5"));
        store.Upsert(Deployments, "default/kept", "", 1, Render.Deploy("kept", "\"replicas\": 1"));

        var outcome = store.Delete(Deployments, "default/doomed");

        Assert.Equal(new ApplyOutcome(0, 2, 0, 1), outcome);
        Assert.Equal(["k8s_deployment_spec_replicas{name=\"kept\",namespace=\"default\"} 1"], Render.SampleSet(store));
        Assert.DoesNotContain("minReadySeconds", Render.Scrape(store));
        Assert.Equal(1, store.ObjectCount(Deployments));
        Assert.Equal(1, store.SeriesCount(Deployments));
    }

    [Fact]
    public void Deleting_the_last_object_leaves_an_empty_scrape()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 3"));
        store.Delete(Deployments, "default/a");
        Assert.Equal("", Render.Scrape(store));
        Assert.Equal(0, store.ObjectCount(Deployments));
        Assert.Equal(0, store.SeriesCount(Deployments));
    }

    [Fact]
    public void Deleting_an_unknown_object_or_resource_changes_nothing()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 3"));
        var before = Render.Scrape(store);

        Assert.Equal(default, store.Delete(Deployments, "default/ghost"));
        Assert.Equal(default, store.Delete("no-such-resource", "default/a"));
        Assert.Equal(before, Render.Scrape(store));
    }

    [Fact]
    public void CompleteList_removes_objects_of_that_scope_not_delivered_by_the_new_list()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "team-a/kept", "team-a", 1, Render.Deploy("kept", "\"replicas\": 1", "team-a"));
        store.Upsert(Deployments, "team-a/gone", "team-a", 1, Render.Deploy("gone", "\"replicas\": 2, \"minReadySeconds\": 3", "team-a"));
        store.Upsert(Deployments, "team-b/other", "team-b", 1, Render.Deploy("other", "\"replicas\": 3", "team-b"));

        // Re-list of team-a (generation 2) delivers only "kept".
        store.Upsert(Deployments, "team-a/kept", "team-a", 2, Render.Deploy("kept", "\"replicas\": 1", "team-a"));
        var outcome = store.CompleteList(Deployments, "team-a", 2);

        Assert.Equal(new ApplyOutcome(0, 2, 0, 1), outcome);
        Assert.Equal(
            [
                "k8s_deployment_spec_replicas{name=\"kept\",namespace=\"team-a\"} 1",
                "k8s_deployment_spec_replicas{name=\"other\",namespace=\"team-b\"} 3",
            ],
            Render.SampleSet(store));
        Assert.Equal(2, store.ObjectCount(Deployments));
        Assert.Equal(2, store.SeriesCount(Deployments));
    }

    [Fact]
    public void CompleteList_keeps_objects_delivered_by_a_watch_after_the_list_started()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/old", "", 3, Render.Deploy("old", "\"replicas\": 1"));
        store.Upsert(Deployments, "default/new", "", 4, Render.Deploy("new", "\"replicas\": 1"));

        var outcome = store.CompleteList(Deployments, "", 3);

        Assert.Equal(default, outcome);
        Assert.Equal(2, store.ObjectCount(Deployments));
    }

    [Fact]
    public void CompleteList_of_one_resource_leaves_other_resources_alone()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1"));
        store.Upsert("widget", "default/w", "", 1, Render.Object(Render.Widget, """{"metadata":{"name":"w","namespace":"default"},"spec":{"size":4}}"""));

        store.CompleteList("widget", "", 2);

        Assert.Equal(["k8s_deployment_spec_replicas{name=\"a\",namespace=\"default\"} 1"], Render.SampleSet(store));
        Assert.Equal(0, store.ObjectCount("widget"));
        Assert.Equal(default, store.CompleteList("never-seen", "", 5));
    }

    [Fact]
    public void RemoveResource_drops_all_its_objects_and_families_and_keeps_other_resources()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1"));
        store.Upsert("widget", "default/w1", "", 1, Render.Object(Render.Widget, """{"metadata":{"name":"w1","namespace":"default"},"spec":{"size":4,"parts":2}}"""));
        store.Upsert("widget", "default/w2", "", 1, Render.Object(Render.Widget, """{"metadata":{"name":"w2","namespace":"default"},"spec":{"size":5}}"""));

        var outcome = store.RemoveResource("widget");

        Assert.Equal(new ApplyOutcome(0, 3, 0, 2), outcome);
        var doc = Render.Parsed(store);
        Assert.Equal(["k8s_deployment_spec_replicas"], doc.Families);
        Assert.Equal(0, store.ObjectCount("widget"));
        Assert.Equal(0, store.SeriesCount("widget"));
        Assert.Equal(default, store.RemoveResource("widget"));
    }

    [Fact]
    public void ObjectCount_and_SeriesCount_follow_upserts_updates_and_deletes_per_resource()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1, \"minReadySeconds\": 2, \"paused\": false"));
        store.Upsert(Deployments, "default/b", "", 1, Render.Deploy("b", "\"replicas\": 1"));
        store.Upsert("widget", "default/w", "", 1, Render.Object(Render.Widget, """{"metadata":{"name":"w","namespace":"default"},"spec":{"size":4}}"""));
        Assert.Equal(2, store.ObjectCount(Deployments));
        Assert.Equal(4, store.SeriesCount(Deployments));
        Assert.Equal(1, store.ObjectCount("widget"));
        Assert.Equal(1, store.SeriesCount("widget"));

        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1"));
        Assert.Equal(2, store.SeriesCount(Deployments));

        store.Delete(Deployments, "default/b");
        Assert.Equal(1, store.ObjectCount(Deployments));
        Assert.Equal(1, store.SeriesCount(Deployments));
        Assert.Equal(0, store.ObjectCount("unknown"));
        Assert.Equal(0, store.SeriesCount("unknown"));
    }

    [Fact]
    public void Families_are_sorted_by_name_and_each_familys_lines_are_grouped_under_one_header()
    {
        var store = new SeriesRegistry();
        // Objects arrive with families in different orders; conditions give several lines per family per object.
        for (var i = 0; i < 5; i++)
        {
            var json = $$$"""
                {"metadata":{"name":"d{{{i}}}","namespace":"ns{{{i % 2}}}","generation":{{{i}}}},
                 "spec":{"replicas":{{{i}}},"minReadySeconds":{{{10 - i}}}},
                 "status":{"replicas":{{{i}}},"conditions":[{"type":"Available","status":"True"},{"type":"Progressing","status":"False"}]}}
                """;
            store.Upsert(Deployments, $"ns{i % 2}/d{i}", "", 1, Render.Object(Render.Deployment, json));
        }
        store.Upsert("widget", "default/w", "", 1, Render.Object(Render.Widget, """{"metadata":{"name":"w","namespace":"default"},"spec":{"zeta":1,"alpha":2}}"""));

        var doc = Render.Parsed(store); // throws when a family's lines are split or a sample is outside its block

        Assert.Equal(doc.Families.Order(StringComparer.Ordinal), doc.Families);
        Assert.Contains("k8s_widget_spec_alpha", doc.Families);
        Assert.Equal(10, doc.Samples.Count(s => s.Name == "k8s_deployment_status_status"));
        Assert.Equal(5, doc.Samples.Count(s => s.Name == "k8s_deployment_spec_replicas"));
        Assert.All(doc.Families, f => Assert.Equal("gauge", doc.Types[f]));
    }

    [Fact]
    public void Families_stay_sorted_after_families_come_and_go()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1, \"zzz\": 1"));
        Render.Scrape(store); // caches the sorted family list
        store.Upsert(Deployments, "default/b", "", 1, Render.Deploy("b", "\"aaa\": 1, \"mmm\": 2"));
        store.Delete(Deployments, "default/a");
        store.Upsert(Deployments, "default/c", "", 1, Render.Deploy("c", "\"bbb\": 1, \"zzz\": 3"));

        Assert.Equal(
            ["k8s_deployment_spec_aaa", "k8s_deployment_spec_bbb", "k8s_deployment_spec_mmm", "k8s_deployment_spec_zzz"],
            Render.Parsed(store).Families);
    }

    [Fact]
    public async Task Concurrent_scrapes_during_writes_never_throw_and_always_parse()
    {
        var store = new SeriesRegistry();
        var done = 0;
        var scrapes = 0;

        var writer = Task.Run(() =>
        {
            try
            {
                var rng = new Random(42);
                for (var i = 0; i < 3_000; i++)
                {
                    var n = rng.Next(40);
                    switch (rng.Next(10))
                    {
                        case 0:
                            store.Delete(Deployments, $"default/d{n}");
                            break;
                        case 1:
                            store.CompleteList(Deployments, $"scope{n % 3}", i);
                            break;
                        default:
                            // Families come and go: field names depend on the iteration.
                            var fields = $"\"replicas\": {rng.Next(5)}, \"f{rng.Next(30)}\": {i}, \"g{rng.Next(30)}\": 0.5";
                            store.Upsert(Deployments, $"default/d{n}", $"scope{n % 3}", i, Render.Deploy($"d{n}", fields));
                            break;
                    }
                }
            }
            finally
            {
                Volatile.Write(ref done, 1);
            }
        });

        async Task ScrapeUntilDone()
        {
            // Bounded: the writer finishes in a fixed number of steps. At least one scrape each,
            // even when the writer wins the race to the end.
            do
            {
                using var output = new MemoryStream();
                await store.WriteAsync(output, CancellationToken.None);
                Exposition.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray()));
                Interlocked.Increment(ref scrapes);
            }
            while (Volatile.Read(ref done) == 0);
        }

        await Task.WhenAll(writer, Task.Run(ScrapeUntilDone), Task.Run(ScrapeUntilDone));
        Assert.True(scrapes >= 2);

        // After the writes, the output is exactly what a fresh store with the surviving objects gives.
        var final = Render.Parsed(store);
        Assert.Equal(store.SeriesCount(Deployments), final.Samples.Count);
        Assert.Equal(final.Samples.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal), final.Families);
    }

    [Fact]
    public async Task A_family_added_while_scrapes_run_is_in_every_later_scrape()
    {
        // A scrape that sorts the family list while the writer adds a family must not leave a
        // stale sorted list behind that hides the new family from every later scrape. Each round
        // adds two families a varying moment apart (the second may land while a scraper sorts after
        // the first), waits until the scraper has finished two more scrapes (so it no longer holds a
        // list sorted before the adds), then checks both.
        var store = new SeriesRegistry();
        for (var f = 0; f < 200; f++)
            store.Upsert(Deployments, $"default/base{f}", "", 1, Render.Deploy($"base{f}", $"\"base{f}\": 1"));
        const int rounds = 300;
        var renders = Enumerable.Range(0, 2 * rounds).Select(i => Render.Deploy($"n{i}", $"\"new{i}\": {i}")).ToArray();
        // One scraper: with the writer that is two busy threads, no more than this machine's cores.
        var completed = 0L;
        var done = 0;
        var missing = new List<int>();

        var scraper = Task.Run(async () =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                await store.WriteAsync(Stream.Null, CancellationToken.None);
                Interlocked.Increment(ref completed);
            }
        });
        try
        {
            for (var i = 0; i < rounds; i++)
            {
                store.Upsert(Deployments, $"default/n{2 * i}", "", 1, renders[2 * i]);
                Thread.SpinWait(i % 50 * 100);
                store.Upsert(Deployments, $"default/n{2 * i + 1}", "", 1, renders[2 * i + 1]);
                var before = Interlocked.Read(ref completed);
                var spin = new SpinWait();
                while (Interlocked.Read(ref completed) < before + 2)
                    spin.SpinOnce(sleep1Threshold: -1);
                var text = Render.Scrape(store);
                foreach (var n in new[] { 2 * i, 2 * i + 1 })
                {
                    if (!text.Contains($"k8s_deployment_spec_new{n}{{", StringComparison.Ordinal))
                        missing.Add(n);
                }
            }
        }
        finally
        {
            Volatile.Write(ref done, 1);
            await scraper;
        }

        Assert.True(missing.Count == 0, $"{missing.Count} of {2 * rounds} new families missing from scrapes after their upsert: {string.Join(", ", missing.Take(10).Select(i => $"new{i}"))}");
    }

    [Fact]
    public void An_object_is_held_as_one_buffer_and_an_unchanged_redelivery_keeps_the_published_one()
    {
        var store = new SeriesRegistry();
        var first = Render.Deploy("web", "\"replicas\": 3, \"paused\": false");
        store.Upsert(Deployments, "default/web", "", 1, first);
        Assert.Same(first.Text, store.TextOf(Deployments, "default/web"));

        store.Upsert(Deployments, "default/web", "", 2, Render.Deploy("web", "\"replicas\": 3, \"paused\": false"));
        Assert.Same(first.Text, store.TextOf(Deployments, "default/web")); // the equal new copy is dropped

        var update = Render.Deploy("web", "\"replicas\": 4, \"paused\": false");
        store.Upsert(Deployments, "default/web", "", 2, update);
        Assert.Same(update.Text, store.TextOf(Deployments, "default/web")); // one buffer, not the old one plus a changed family
        Assert.Contains("k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 4\n", Render.Scrape(store));
    }

    [Fact]
    public void Slots_of_deleted_objects_are_reused_by_new_ones()
    {
        var store = new SeriesRegistry();
        for (var i = 0; i < 10; i++)
            store.Upsert(Deployments, $"default/d{i}", "", 1, Render.Deploy($"d{i}", "\"replicas\": 1"));
        const string family = "k8s_deployment_spec_replicas";
        Assert.Equal(10, store.SlotsOf(family));

        for (var i = 0; i < 5; i++)
            store.Delete(Deployments, $"default/d{i}");
        for (var i = 10; i < 15; i++)
            store.Upsert(Deployments, $"default/d{i}", "", 1, Render.Deploy($"d{i}", "\"replicas\": 2"));

        Assert.Equal(10, store.SlotsOf(family));
        Assert.Equal(10, Render.Parsed(store).Samples.Count);
        Assert.Equal(5, Render.Parsed(store).Samples.Count(s => s.Value == 2));
    }

    [Fact]
    public void A_family_an_object_left_and_rejoined_keeps_the_objects_slot()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1, \"minReadySeconds\": 5"));
        store.Upsert(Deployments, "default/b", "", 1, Render.Deploy("b", "\"replicas\": 1, \"minReadySeconds\": 5"));
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1"));
        store.Upsert(Deployments, "default/c", "", 1, Render.Deploy("c", "\"replicas\": 1, \"minReadySeconds\": 5"));
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1, \"minReadySeconds\": 6"));

        // a kept its slot while it had no minReadySeconds: c took a new one, a came back to its own.
        Assert.Equal(3, store.SlotsOf("k8s_deployment_spec_minReadySeconds"));
        Assert.Equal(3, Render.Parsed(store).Samples.Count(s => s.Name == "k8s_deployment_spec_minReadySeconds"));
    }

    [Fact]
    public void An_object_deleted_and_recreated_during_a_scrape_takes_its_slots_back_and_is_written_once()
    {
        var store = new SeriesRegistry();
        store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 1"));
        store.Upsert(Deployments, "default/b", "", 1, Render.Deploy("b", "\"replicas\": 1"));
        const string family = "k8s_deployment_spec_replicas";

        using (var scrape = store.BeginScrape(ExpositionFormat.PrometheusText, 4096))
        {
            store.Delete(Deployments, "default/a");
            // While the scrape runs, a's slot is not handed to anyone else ...
            store.Upsert(Deployments, "default/c", "", 1, Render.Deploy("c", "\"replicas\": 1"));
            Assert.Equal(3, store.SlotsOf(family));
            // ... and a re-created a takes it back, so the scrape cannot meet a twice.
            store.Upsert(Deployments, "default/a", "", 1, Render.Deploy("a", "\"replicas\": 2"));
            Assert.Equal(3, store.SlotsOf(family));

            using var chunk = new ScrapeChunk(4096);
            for (var p = 0; p < scrape.PartCount; p++)
                scrape.WritePart(p, chunk);
            var doc = Exposition.Parse(System.Text.Encoding.UTF8.GetString(chunk.Written.Span)); // throws on a duplicate series
            Assert.Single(doc.Samples, s => s.Labels["name"] == "a");
        }

        // After the scrape, freed slots go back to the free list.
        store.Delete(Deployments, "default/b");
        store.Upsert(Deployments, "default/d", "", 1, Render.Deploy("d", "\"replicas\": 1"));
        Assert.Equal(3, store.SlotsOf(family));
    }

    [Fact]
    public async Task A_scrape_concurrent_with_updates_reads_each_familys_lines_of_one_version_never_torn()
    {
        // One object rewritten over and over; odd versions have one family more at the front (so the
        // family indexes shift), and every line of version v carries v. Scrapers check that each
        // family's lines of the object come from one version and that the text always parses.
        var store = new SeriesRegistry();
        var versions = Enumerable.Range(0, 64).Select(v =>
        {
            var fields = string.Join(", ", Enumerable.Range(0, 8).Select(f => $"\"f{f}\": {v}"));
            return Render.Object(Render.Deployment, $$$"""
                {"metadata":{"name":"x","namespace":"default"},
                 "spec":{ {{{(v % 2 == 1 ? "\"aaa\": " + v + ", " : "")}}}{{{fields}}} },
                 "status":{"conditions":[{"type":"A{{{new string('a', v % 7)}}}","status":"True"},{"type":"B","status":"False"}],"replicas":{{{v}}}}}
                """);
        }).ToArray();
        var done = 0;
        var torn = new List<string>();
        var writer = Task.Run(() =>
        {
            try
            {
                for (var i = 0; i < 20_000; i++)
                    store.Upsert(Deployments, "default/x", "", 1, versions[i % versions.Length]);
            }
            finally
            {
                Volatile.Write(ref done, 1);
            }
        });
        var scrapes = 0;
        async Task Scrape()
        {
            do
            {
                using var output = new MemoryStream();
                await store.WriteAsync(output, CancellationToken.None);
                var doc = Exposition.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray()));
                foreach (var f in doc.Samples.GroupBy(s => s.Name))
                {
                    if (f.Key == "k8s_deployment_status_conditions_status" || f.Key == "k8s_deployment_status_status")
                        continue; // their values are statuses, not versions
                    if (f.Select(s => s.Value).Distinct().Count() > 1)
                        lock (torn)
                            torn.Add($"{f.Key}: {string.Join(", ", f.Select(s => s.Value))}");
                }
                Interlocked.Increment(ref scrapes);
            }
            while (Volatile.Read(ref done) == 0);
        }
        await Task.WhenAll(writer, Task.Run(Scrape));
        Assert.True(scrapes >= 1);
        Assert.Empty(torn);
    }
}
