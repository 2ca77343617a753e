using System.Globalization;
using ScottPlot;
using StochasticAD.Backends;
using StochasticAD.Models;

namespace StochasticAD.Cli.Figures;

/// <summary>
/// The final board of one seeded Game of Life run on stochastic triples: alive and dead cells,
/// and the cells whose final triple carries a jump, i.e. the cells that are different on the
/// path of the one event that survives pruning (dead → alive marked +, alive → dead marked ×).
/// </summary>
/// <remarks>
/// The per-cell triples are read after the live cells have been summed: the sum prunes the
/// events of the different cells down to one, and pruned events read as no jump in every triple
/// that holds them, so the marked cells are exactly the ones on the surviving jump's path.
/// </remarks>
public sealed class GameOfLifeBoardFigure : IFigure
{
    /// <inheritdoc/>
    public string Name => "game-of-life-board";

    /// <inheritdoc/>
    public string Description => "Final board of one seeded Game of Life run with triples: alive/dead cells and the cells that flip on the jump's path.";

    /// <inheritdoc/>
    public IReadOnlyList<ModelSetting> Settings =>
    [
        new("p", 0.5, 0, 1, false, "probability that a cell is alive at the start"),
        new("half-width", GameOfLifeModel.DefaultHalfWidth, 0, 60, true, "board half-width N (side 2N+1)"),
        new("steps", GameOfLifeModel.DefaultSteps, 0, 10_000, true, "number of steps T"),
        new("theta", GameOfLifeModel.DefaultTheta, 0, 1, false, "probability that a cell does the opposite of the rule"),
    ];

    /// <inheritdoc/>
    public string DefaultFileName => "game-of-life-board.png";

    /// <inheritdoc/>
    public void Render(FigureContext context, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (ModelSetting s in Settings)
        {
            double v = context.Setting(s.Name, s.Default);
            s.Check(v);
            values[s.Name] = v;
        }

        double p = values["p"];
        int n = (int)values["half-width"], steps = (int)values["steps"];
        double theta = values["theta"];
        int side = (2 * n) + 1;

        var rng = new Random.StochasticRandom(context.Seed) { CancellationToken = cancellationToken };
        StochasticTriple<PrunedJumps>[] board = [];
        StochasticTriple<PrunedJumps> total = Derivative.Triple(
            q =>
            {
                board = GameOfLife.Simulate(q, n, steps, theta, rng);
                StochasticTriple<PrunedJumps> sum = 0;
                foreach (StochasticTriple<PrunedJumps> cell in board)
                {
                    sum += cell;
                }

                return sum;
            },
            p);

        var born = (X: new List<double>(), Y: new List<double>());
        var died = (X: new List<double>(), Y: new List<double>());
        var rows = new List<IReadOnlyList<object>>();
        var plot = Plotting.NewPlot("", "column", "row");
        Color aliveColor = Colors.DarkSlateGray, deadColor = Color.FromHex("#E6E6E6");
        for (int r = 0; r < side; r++)
        {
            for (int c = 0; c < side; c++)
            {
                StochasticTriple<PrunedJumps> cell = board[(r * side) + c];
                double delta = cell.JumpList.Sum(j => j.Delta);
                bool alive = cell.Value == 1;

                double x = c, y = r;
                var square = plot.Add.Rectangle(x - 0.5, x + 0.5, y - 0.5, y + 0.5);
                square.FillStyle.Color = alive ? aliveColor : deadColor;
                square.LineStyle.Color = Colors.White;
                square.LineStyle.Width = 1;
                if (delta > 0)
                {
                    born.X.Add(x);
                    born.Y.Add(y);
                }
                else if (delta < 0)
                {
                    died.X.Add(x);
                    died.Y.Add(y);
                }

                rows.Add([r, c, cell.Value, delta, delta == 0 ? 0.0 : cell.JumpList[0].Weight]);
            }
        }

        float markerSize = Math.Clamp(300f / side, 4f, 24f);
        var plus = plot.Add.Markers(born.X.ToArray(), born.Y.ToArray(), MarkerShape.Cross, markerSize, Colors.LimeGreen);
        plus.MarkerStyle.LineWidth = 3;
        var cross = plot.Add.Markers(died.X.ToArray(), died.Y.ToArray(), MarkerShape.Eks, markerSize, Colors.OrangeRed);
        cross.MarkerStyle.LineWidth = 3;

        // Legend entries: the two cell colours and the two marks.
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "alive", FillColor = aliveColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "dead", FillColor = deadColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "+ dead here, alive on the jump's path", MarkerShape = MarkerShape.Cross, MarkerColor = Colors.LimeGreen, MarkerLineWidth = 3, MarkerSize = 12 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "× alive here, dead on the jump's path", MarkerShape = MarkerShape.Eks, MarkerColor = Colors.OrangeRed, MarkerLineWidth = 3, MarkerSize = 12 });
        double weight = total.JumpList.Count > 0 ? total.JumpList[0].Weight : 0;
        double totalDelta = total.JumpList.Sum(j => j.Delta);
        plot.Title(string.Create(
            CultureInfo.InvariantCulture,
            $"Game of Life, final board of one run ({side}×{side}, T = {steps}, θ = {theta}, p = {p}, seed {context.Seed})\n" +
            $"{total.Value} live cells; the surviving jump changes them by Δ = {totalDelta} with weight {weight:G4}"));
        plot.ShowLegend(Edge.Right);
        plot.Axes.SetLimits(-0.5, side - 0.5, -0.5, side - 0.5);
        plot.Axes.SquareUnits();
        Plotting.Save(plot, context.PngFile, 1050, 720);
        Plotting.WriteCsv(context.CsvFile, ["row", "column", "alive", "delta", "weight"], rows);

        context.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"live cells {total.Value}; jump Δ = {totalDelta} with weight {weight:G6} ({born.X.Count} cells dead → alive, {died.X.Count} alive → dead on its path); derivative estimate {total.Derivative:G6}"));
    }
}
