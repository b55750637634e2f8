using System.Text;
using KubeApiExporter.Registry;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Registry;

/// <summary>
/// A family's slots are rewritten by the registry's writer while scrapes copy them without a lock: a scrape
/// must copy one whole version of a slot (text, range and line count of the same write), never the range of
/// one write applied to the text of another; and the family's counts follow every write.
/// </summary>
public sealed class MetricFamilySlotTests
{
    [Fact]
    public void A_scrape_that_finds_a_slot_half_written_waits_and_copies_the_whole_new_version()
    {
        // Version A's lines start after 6 filler bytes, version B's at 0 with the filler behind them: A's
        // range over B's text (what a scrape reading between the writer's stores would take) copies filler.
        var a = Encoding.UTF8.GetBytes("XXXXX\n{v=\"a\"} 1\n{v=\"a\"} 1\n");
        var b = Encoding.UTF8.GetBytes("{v=\"b\"} 22\n{v=\"b\"} 2\nYYYYY\n");
        var family = new MetricFamily("m", "help");
        var slot = family.Allocate();
        family.Publish(slot, a, 6, a.Length - 6, 2);

        // The writer stopped after its first store of version B (preempted, say): text is B's, range still A's.
        var entries = family.Slots.Entries;
        MetricFamily.Slot.BeginWrite(ref entries[slot]);
        entries[slot].Text = b;
        var waits = 0;
        family.WhileSlotBusy = () =>
        {
            if (++waits > 1)
                return;
            entries[slot].Start = 0;
            entries[slot].Length = b.Length - 6;
            MetricFamily.Slot.EndWrite(ref entries[slot]);
        };

        using var chunk = new ScrapeChunk(4096);
        family.CopyLines(family.Slots, 0, int.MaxValue, chunk);

        Assert.Equal("m{v=\"b\"} 22\nm{v=\"b\"} 2\n", Encoding.UTF8.GetString(chunk.Written.Span));
        Assert.Equal(1, waits);
    }

    [Fact]
    public void Publishing_and_clearing_keep_the_familys_active_count_bytes_and_series()
    {
        var family = new MetricFamily("m", "help");
        var text = Encoding.UTF8.GetBytes("{x=\"1\"} 1\n{x=\"2\"} 2\n");
        var first = family.Allocate();
        var second = family.Allocate();
        family.Publish(first, text, 0, text.Length, 2);
        family.Publish(second, text, 0, 10, 1);
        Assert.Equal((2, text.Length + 10L, 3L), (family.Active, family.Bytes, family.Series));

        family.Publish(second, text, 0, 0, 0); // the object dropped the family, keeps the slot
        Assert.Equal((1, (long)text.Length, 2L), (family.Active, family.Bytes, family.Series));

        family.Clear(first);
        family.Clear(first); // twice: nothing more to take away
        Assert.Equal((0, 0L, 0L), (family.Active, family.Bytes, family.Series));
    }

    [Fact]
    public void A_range_outside_the_text_is_refused_when_published_and_the_slot_keeps_its_lines()
    {
        // Scrapes copy a slot's range unchecked, so the one writer checks it.
        var family = new MetricFamily("m", "help");
        var slot = family.Allocate();
        var text = Encoding.UTF8.GetBytes("{x=\"1\"} 1\n");
        family.Publish(slot, text, 0, text.Length, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => family.Publish(slot, text, 4, text.Length, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => family.Publish(slot, text, text.Length + 1, 0, 0));

        using var chunk = new ScrapeChunk(256);
        family.CopyLines(family.Slots, 0, int.MaxValue, chunk);
        Assert.Equal("m{x=\"1\"} 1\n", Encoding.UTF8.GetString(chunk.Written.Span));
    }
}
