using System.Globalization;
using ScottPlot;
using StochasticAD.Backends;
using StochasticAD.Filtering;
using StochasticAD.Models;
using StochasticAD.Random;

namespace StochasticAD.Cli.Figures;

/// <summary>
/// The particle filter's gradient (the tutorial's bias.jl): histograms of the triple estimates of
/// d log L̂/dΦ_entry with NewWeight resampling and with stop-gradient resampling, over seeded runs,
/// against the Kalman filter's exact d log L/dΦ_entry.
/// </summary>
public sealed class ParticleFilterGradientFigure : IFigure
{
    private static readonly string[] s_entryNames = ["Φ11", "Φ12", "Φ21", "Φ22"];

    /// <inheritdoc/>
    public string Name => "particle-filter-gradient";

    /// <inheritdoc/>
    public string Description =>
        "Particle filter: histograms of d log L̂/dΦ (NewWeight vs stop-gradient resampling) against the Kalman value.";

    /// <inheritdoc/>
    public IReadOnlyList<ModelSetting> Settings =>
    [
        new("T", ParticleFilterModel.DefaultSteps, 1, 1000, true, "number of observations T"),
        new("m", ParticleFilterModel.DefaultParticles, 1, 1_000_000, true, "number of particles m"),
        new("entry", 0, 0, 3, true, "the entry of Φ, row-major: 0 = Φ11, 1 = Φ12, 2 = Φ21, 3 = Φ22"),
    ];

    /// <inheritdoc/>
    public string DefaultFileName => "particle-filter-gradient.png";

    /// <inheritdoc/>
    public void Render(FigureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = new Dictionary<string, double>();
        foreach (ModelSetting setting in Settings)
        {
            double v = context.Setting(setting.Name, setting.Default);
            setting.Check(v);
            values[setting.Name] = v;
        }

        int steps = (int)values["T"], particles = (int)values["m"], entry = (int)values["entry"];
        long runs = context.Samples ?? 500;
        if (runs < 2 || runs > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(context), runs, "The number of runs (--samples) must be in [2, 1000000].");
        }

        var system = LinearGaussianSystem.Generate(steps);
        double[] phi = system.TruePhi;
        var direction = new double[4];
        direction[entry] = 1;
        double kalman = KalmanFilter.LogLikelihoodGradient(system, phi)[entry];

        // The same stream per run for both variants: identical particles and resampling, only the derivative rule differs.
        var newWeight = new double[runs];
        var stopGradient = new double[runs];
        var filters = new[] { new ParticleFilter(system, particles), new ParticleFilter(system, particles, ResamplingGradient.StopGradient) };
        Parallel.For(0, runs, new ParallelOptions { CancellationToken = cancellationToken }, run =>
        {
            newWeight[run] = Derivative.Directional<PrunedJumps>(
                e => filters[0].LogLikelihood<StochasticTriple<PrunedJumps>>(e, StochasticRandom.ForStream(context.Seed, run, cancellationToken)), phi, direction);
            stopGradient[run] = Derivative.Directional<PrunedJumps>(
                e => filters[1].LogLikelihood<StochasticTriple<PrunedJumps>>(e, StochasticRandom.ForStream(context.Seed, run, cancellationToken)), phi, direction);
        });

        (double meanNew, double seNew) = MeanAndStandardError(newWeight);
        (double meanStop, double seStop) = MeanAndStandardError(stopGradient);
        string name = s_entryNames[entry];

        var plot = Plotting.NewPlot(
            string.Create(CultureInfo.InvariantCulture, $"Particle filter: derivative of the log-likelihood estimate in {name} (T = {steps}, m = {particles}, {runs} runs)"),
            string.Create(CultureInfo.InvariantCulture, $"d log(likelihood estimate) / d{name}"),
            "density");
        double low = Math.Min(Math.Min(newWeight.Min(), stopGradient.Min()), kalman);
        double high = Math.Max(Math.Max(newWeight.Max(), stopGradient.Max()), kalman);
        const int bins = 50;
        double width = (high - low) / bins;
        AddHistogram(plot, newWeight, low, width, bins, Colors.SteelBlue, $"NewWeight (mean {meanNew:G4} ± {seNew:G2})");
        AddHistogram(plot, stopGradient, low, width, bins, Colors.OrangeRed, $"stop-gradient (mean {meanStop:G4} ± {seStop:G2})");
        AddLine(plot, kalman, Colors.Black, LinePattern.Solid, $"Kalman (exact) {kalman:G4}");
        AddLine(plot, meanNew, Colors.SteelBlue, LinePattern.Dashed, "NewWeight mean");
        AddLine(plot, meanStop, Colors.OrangeRed, LinePattern.Dashed, "stop-gradient mean");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        Plotting.Save(plot, context.PngFile);
        Plotting.WriteCsv(context.CsvFile, ["run", "entry", "new_weight", "stop_gradient", "kalman"],
            Enumerable.Range(0, (int)runs).Select(i => (IReadOnlyList<object>)[i, name, newWeight[i], stopGradient[i], kalman]));

        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"d log L̂/d{name}, T = {steps}, m = {particles}, {runs} runs, seed {context.Seed}:"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  NewWeight     {meanNew:G6} ± {seNew:G3} (std {seNew * Math.Sqrt(runs):G3}), z vs Kalman {(meanNew - kalman) / seNew:F2}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  stop-gradient {meanStop:G6} ± {seStop:G3} (std {seStop * Math.Sqrt(runs):G3}), z vs Kalman {(meanStop - kalman) / seStop:F2}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Kalman        {kalman:G6} (exact)"));
    }

    private static void AddHistogram(Plot plot, double[] values, double low, double width, int bins, Color color, string label)
    {
        var density = new double[bins];
        foreach (double v in values)
        {
            int bin = Math.Clamp((int)((v - low) / width), 0, bins - 1);
            density[bin] += 1.0 / (values.Length * width);
        }

        double[] centers = Enumerable.Range(0, bins).Select(i => low + ((i + 0.5) * width)).ToArray();
        var bars = plot.Add.Bars(centers, density);
        foreach (Bar bar in bars.Bars)
        {
            bar.Size = width;
            bar.FillColor = color.WithAlpha(0.45);
            bar.LineWidth = 0;
        }

        bars.LegendText = label;
    }

    private static void AddLine(Plot plot, double x, Color color, LinePattern pattern, string label)
    {
        var line = plot.Add.VerticalLine(x);
        line.Color = color;
        line.LineWidth = 2;
        line.LinePattern = pattern;
        line.LegendText = label;
    }

    private static (double Mean, double StandardError) MeanAndStandardError(double[] values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance / values.Length));
    }
}
