namespace StochasticAD.Cli.Figures;

/// <summary>What a figure is given: where to write, and the common options of <c>stochad figure</c>.</summary>
/// <param name="OutputPath">The PNG to write (a CSV of the plotted numbers goes beside it, same name, .csv).</param>
/// <param name="Seed">The seed; a figure is reproducible from it.</param>
/// <param name="Samples">The number of samples the figure may use, or null for the figure's own default.</param>
/// <param name="Settings">The --set name=value pairs (figure-specific; unknown names are an error).</param>
/// <param name="Out">Where to report what was written and the numbers that matter.</param>
public sealed record FigureContext(
    string OutputPath,
    long Seed,
    long? Samples,
    IReadOnlyDictionary<string, double> Settings,
    TextWriter Out)
{
    /// <summary>The path of the CSV written beside the PNG.</summary>
    public string CsvPath => Path.ChangeExtension(OutputPath, ".csv");

    /// <summary>Where the figure writes its PNG: a draft that the command moves to <see cref="OutputPath"/> once both files are complete.</summary>
    public string PngFile { get; init; } = OutputPath;

    /// <summary>Where the figure writes its CSV: a draft that the command moves to <see cref="CsvPath"/> once both files are complete.</summary>
    public string CsvFile { get; init; } = Path.ChangeExtension(OutputPath, ".csv");

    /// <summary>A setting, or its default when absent.</summary>
    public double Setting(string name, double defaultValue) => Settings.TryGetValue(name, out double v) ? v : defaultValue;
}

/// <summary>A figure the command line can draw: <c>stochad figure &lt;name&gt;</c>.</summary>
public interface IFigure
{
    /// <summary>The figure's name.</summary>
    string Name { get; }

    /// <summary>One line saying what it shows.</summary>
    string Description { get; }

    /// <summary>The settings it accepts (--set name=value), with their defaults, for the help text.</summary>
    IReadOnlyList<Models.ModelSetting> Settings { get; }

    /// <summary>The default output file name.</summary>
    string DefaultFileName { get; }

    /// <summary>
    /// Computes and writes the figure (PNG, to <see cref="FigureContext.PngFile"/>) and its numbers (CSV, to
    /// <see cref="FigureContext.CsvFile"/>); reports numbers that matter to <see cref="FigureContext.Out"/>.
    /// Throws <see cref="ArgumentException"/> for invalid settings, before any long computation where it can.
    /// </summary>
    void Render(FigureContext context, CancellationToken cancellationToken);
}
