using System.Globalization;
using System.Text;
using ScottPlot;

namespace StochasticAD.Cli.Figures;

/// <summary>Shared plotting conventions: size, fonts, saving the PNG and its CSV.</summary>
public static class Plotting
{
    /// <summary>The default figure size in pixels.</summary>
    public const int Width = 900, Height = 600;

    /// <summary>A new plot with the common style (DejaVu Sans, installed by eng/setup.sh, for all text).</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Saves the plot as a PNG, creating the folder if needed.</summary>
    public static void Save(Plot plot, string path, int width = Width, int height = Height)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        plot.SavePng(path, width, height);
    }

    /// <summary>Writes a CSV with a header row; numbers in the invariant culture, round-trippable.</summary>
    public static void WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', header).Append('\n');
        foreach (IReadOnlyList<object> row in rows)
        {
            sb.AppendJoin(',', row.Select(Format)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s when s.Contains(',', StringComparison.Ordinal) => $"\"{s}\"",
        _ => value.ToString() ?? "",
    };
}
