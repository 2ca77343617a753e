using System.Globalization;
using StochasticAD.Models;

namespace StochasticAD.Cli.Figures;

/// <summary>
/// The SIR model: d E[agents ever infected]/dβ over β for a small population, the exact curve from
/// the count chain (forward-mode AD through it) with triple and finite-difference (common random
/// numbers) estimates ± 2 stderr at a few points. Shows that the triples follow the exact
/// derivative and how their spread compares with finite differences at equal sample counts.
/// </summary>
public sealed class SirDerivativeFigure : IFigure
{
    private const double FiniteDifferenceStep = 0.01;

    /// <inheritdoc/>
    public string Name => "sir-derivative";

    /// <inheritdoc/>
    public string Description => "SIR: exact dE[ever infected]/dβ over β (small population) with triple and fd-crn estimates ± 2 stderr.";

    /// <inheritdoc/>
    public IReadOnlyList<ModelSetting> Settings { get; } =
    [
        new("agents", 6, 1, SirModel.ExactLimit, true, "population size N (the exact chain needs N ≤ 120)"),
        new("infected", 1, 0, SirModel.ExactLimit, true, "initially infected I0"),
        new("steps", 4, 0, 1_000, true, "number of steps T"),
        new("gamma", 0.3, 0, 1, false, "recovery probability γ"),
        new("points", 9, 2, 49, true, "number of β values with estimates"),
    ];

    /// <inheritdoc/>
    public string DefaultFileName => "sir-derivative.png";

    /// <inheritdoc/>
    public void Render(FigureContext context, CancellationToken cancellationToken)
    {
        int agents = (int)context.Setting("agents", 6);
        int infected = (int)context.Setting("infected", 1);
        int steps = (int)context.Setting("steps", 4);
        double gamma = context.Setting("gamma", 0.3);
        int count = (int)context.Setting("points", 9);
        var model = new SirModel(agents, infected, steps, beta: SirModel.DefaultBeta, gamma: gamma);

        double[] grid = Enumerable.Range(1, 98).Select(i => i / 100.0).ToArray();
        double[] exact = grid.Select(b => model.ExactDerivative(b)!.Value).ToArray();
        double[] points = Enumerable.Range(1, count).Select(i => i / (count + 1.0)).ToArray();
        var options = new EstimationOptions { Seed = context.Seed, Samples = context.Samples ?? 20_000 };
        var triple = points.Select(b => Estimator.Derivative(model, b, EstimatorKind.Triple, options, null, cancellationToken)).ToArray();
        var fd = points.Select(b => Estimator.Derivative(
            model, b, EstimatorKind.FiniteDifference, options with { FiniteDifferenceStep = FiniteDifferenceStep }, null, cancellationToken)).ToArray();
        double[] exactAtPoints = points.Select(b => model.ExactDerivative(b)!.Value).ToArray();

        // A cancelled estimate is partial: draw nothing from it (the command exits with 130).
        cancellationToken.ThrowIfCancellationRequested();
        var plot = Plotting.NewPlot(
            string.Create(CultureInfo.InvariantCulture, $"SIR, N = {agents}, I0 = {infected}, T = {steps}, γ = {gamma}: dE[ever infected]/dβ"),
            "infection probability β", "dE[N − S_T]/dβ");
        var line = plot.Add.ScatterLine(grid, exact);
        line.LegendText = "exact (count chain + dual numbers)";
        line.LineWidth = 2;

        // Finite differences sit slightly to the right so both sets of error bars stay readable.
        double shift = 0.15 / (count + 1.0);
        AddEstimates(plot, points, triple, 0, "triple estimate ± 2 stderr", ScottPlot.Colors.OrangeRed);
        AddEstimates(plot, points, fd, shift, string.Create(CultureInfo.InvariantCulture, $"fd-crn (h = {FiniteDifferenceStep}) ± 2 stderr"), ScottPlot.Colors.SeaGreen);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        Plotting.Save(plot, context.PngFile);
        Plotting.WriteCsv(context.CsvFile, ["beta", "exact", "triple_mean", "triple_stderr", "triple_std", "fd_mean", "fd_stderr", "fd_std"],
            points.Select((b, i) => (IReadOnlyList<object>)
                [b, exactAtPoints[i], triple[i].Mean, triple[i].StandardError, triple[i].StandardDeviation, fd[i].Mean, fd[i].StandardError, fd[i].StandardDeviation]));

        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"β",5} {"exact",10} {"triple ± stderr",22} {"z",6} {"fd-crn ± stderr",22} {"z",6}"));
        for (int i = 0; i < points.Length; i++)
        {
            double zTriple = (triple[i].Mean - exactAtPoints[i]) / triple[i].StandardError;
            double zFd = (fd[i].Mean - exactAtPoints[i]) / fd[i].StandardError;
            context.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{points[i],5:F2} {exactAtPoints[i],10:F5} {$"{triple[i].Mean:F4} ± {triple[i].StandardError:F4}",22} {zTriple,6:F2} {$"{fd[i].Mean:F4} ± {fd[i].StandardError:F4}",22} {zFd,6:F2}"));
        }

    }

    private static void AddEstimates(ScottPlot.Plot plot, double[] points, EstimationResult[] results, double shift, string label, ScottPlot.Color color)
    {
        double[] xs = points.Select(b => b + shift).ToArray();
        double[] means = results.Select(r => r.Mean).ToArray();
        var marks = plot.Add.Scatter(xs, means);
        marks.LineWidth = 0;
        marks.MarkerSize = 8;
        marks.Color = color;
        marks.LegendText = label;
        var bars = plot.Add.ErrorBar(xs, means, results.Select(r => 2 * r.StandardError).ToArray());
        bars.Color = color;
    }
}
