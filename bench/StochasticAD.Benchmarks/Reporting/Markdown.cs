using System.Globalization;
using System.Text;

namespace StochasticAD.Benchmarks.Reporting;

/// <summary>A markdown table, written row by row.</summary>
/// <param name="headers">The column headers.</param>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row (as many cells as headers).</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row has {cells.Length} cells, the table {headers.Length} columns.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Appends the table and a blank line.</summary>
    public void WriteTo(StringBuilder sb)
    {
        Line(sb, headers);
        Line(sb, Array.ConvertAll(headers, _ => "---"));
        foreach (string[] row in _rows)
        {
            Line(sb, row);
        }

        sb.Append('\n');
    }

    private static void Line(StringBuilder sb, string[] cells) =>
        sb.Append("| ").AppendJoin(" | ", Array.ConvertAll(cells, c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
}

/// <summary>Number formatting for the report: invariant culture, about three significant digits.</summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A dash for a missing value.</summary>
    public const string Missing = "—";

    /// <summary>Three significant digits, no exponent below 10⁶.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            return Missing;
        }

        double magnitude = Math.Abs(value);
        return magnitude switch
        {
            0 => "0",
            >= 1e6 or < 1e-3 => value.ToString("0.00e0", Invariant),
            >= 100 => value.ToString("0", Invariant),
            >= 10 => value.ToString("0.0", Invariant),
            >= 1 => value.ToString("0.00", Invariant),
            _ => value.ToString("0.000", Invariant),
        };
    }

    /// <summary>A duration given in nanoseconds, in ns, µs, ms or s.</summary>
    public static string Time(double ns) => ns switch
    {
        double.NaN => Missing,
        < 1e3 => Number(ns) + " ns",
        < 1e6 => Number(ns / 1e3) + " µs",
        < 1e9 => Number(ns / 1e6) + " ms",
        _ => Number(ns / 1e9) + " s",
    };

    /// <summary>A duration with its standard error, e.g. "12.3 µs ± 0.1".</summary>
    public static string Time(Timing? t) => t is null ? Missing : $"{Time(t.MeanNs)} ± {Time(t.StandardErrorNs)}";

    /// <summary>A ratio, e.g. "1.73×".</summary>
    public static string Ratio(double ratio) => double.IsFinite(ratio) ? Number(ratio) + "×" : Missing;

    /// <summary>Bytes per operation: whole bytes with thousands separators, or a fraction below 10.</summary>
    public static string Bytes(double? bytes) => bytes switch
    {
        null => Missing,
        0 => "0 B",
        < 10 => bytes.Value.ToString("0.###", Invariant) + " B",
        _ => bytes.Value.ToString("N0", Invariant) + " B",
    };

    /// <summary>A value with its standard error, e.g. "30.31 ± 0.22".</summary>
    public static string WithError(double value, double error) => $"{Number(value)} ± {Number(error)}";

    /// <summary>An integer with thousands separators.</summary>
    public static string Count(long n) => n.ToString("N0", Invariant);

    /// <summary>A duration in seconds, e.g. "12.3 s".</summary>
    public static string Seconds(TimeSpan t) => Number(t.TotalSeconds) + " s";
}
