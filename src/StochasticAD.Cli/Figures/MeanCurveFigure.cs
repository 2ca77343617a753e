using StochasticAD.Models;

namespace StochasticAD.Cli.Figures;

/// <summary>
/// E[X(p)] and dE[X(p)]/dp of the crazy program over p: the exact curves and triple estimates with
/// error bars at a few points. A quick visual check that the estimates follow the derivative.
/// </summary>
public sealed class MeanCurveFigure : IFigure
{
    /// <inheritdoc/>
    public string Name => "crazy-derivative";

    /// <inheritdoc/>
    public string Description => "The crazy program: exact dE/dp over p with triple estimates ± 2 stderr at 9 points.";

    /// <inheritdoc/>
    public IReadOnlyList<ModelSetting> Settings => [];

    /// <inheritdoc/>
    public string DefaultFileName => "crazy-derivative.png";

    /// <inheritdoc/>
    public void Render(FigureContext context, CancellationToken cancellationToken)
    {
        var model = new CrazyModel();
        double[] grid = Enumerable.Range(0, 99).Select(i => 0.01 * (i + 1)).ToArray();
        double[] exact = grid.Select(p => model.ExactDerivative(p)!.Value).ToArray();
        double[] points = Enumerable.Range(1, 9).Select(i => i / 10.0).ToArray();
        var options = new EstimationOptions { Seed = context.Seed, Samples = context.Samples ?? 20_000 };
        var results = points.Select(p => Estimator.Derivative(model, p, EstimatorKind.Triple, options, null, cancellationToken)).ToArray();

        // A cancelled estimate is partial: draw nothing from it (the command exits with 130).
        cancellationToken.ThrowIfCancellationRequested();
        var plot = Plotting.NewPlot("Crazy program: dE[X]/dp", "p", "dE[X]/dp");
        var line = plot.Add.ScatterLine(grid, exact);
        line.LegendText = "exact";
        var marks = plot.Add.Scatter(points, results.Select(r => r.Mean).ToArray());
        marks.LineWidth = 0;
        marks.MarkerSize = 8;
        marks.LegendText = "triple estimate";
        plot.Add.ErrorBar(points, results.Select(r => r.Mean).ToArray(), results.Select(r => 2 * r.StandardError).ToArray());
        plot.ShowLegend();
        Plotting.Save(plot, context.PngFile);
        Plotting.WriteCsv(context.CsvFile, ["p", "mean", "stderr", "exact"],
            points.Select((p, i) => (IReadOnlyList<object>)[p, results[i].Mean, results[i].StandardError, model.ExactDerivative(p)!.Value]));
    }
}
