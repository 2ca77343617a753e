using System.Numerics;
using System.Runtime.CompilerServices;
using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// The stochastic Game of Life of the Julia package's tutorial, written once over the number
/// type: a square board of side 2N + 1, each cell alive at the start with probability p; each
/// step every cell follows the birth/death rule with the 4-neighbourhood (von Neumann; cells
/// outside the board are dead) with probability 1 − θ and does the opposite with probability θ.
/// </summary>
/// <remarks>
/// The rule "neighbour count ∈ {…}" is a branch on random values, which a triple cannot take
/// when the count differs on a jump's path. So the rule is a table instead: the probability of
/// being alive next, indexed by 5·state + count (<see cref="AliveNextTable"/>), read with
/// <see cref="Indexing.At{T}(double[], T)"/> and followed by a Bernoulli draw of that probability.
/// A jump in a neighbour then becomes a jump in the probability, which the Bernoulli draw carries
/// through by coupling (method §4) instead of failing on a comparison.
/// </remarks>
public static class GameOfLife
{
    /// <summary>
    /// The probability that a cell is alive after one step, at index 5·state + count
    /// (state 0 dead / 1 alive, count 0..4 live neighbours), for flip probability
    /// <paramref name="theta"/>.
    /// </summary>
    /// <param name="theta">The probability that a cell does the opposite of the rule, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="theta"/> is NaN or outside [0, 1].</exception>
    public static double[] AliveNextTable(double theta)
    {
        CheckTheta(theta);
        double low = theta, high = 1 - theta;
        return
        [
            // Dead: born with exactly 3 live neighbours, else stays dead.
            low, low, low, high, low,

            // Alive: dies with 0, 1 or 4 live neighbours, else stays alive.
            low, low, high, high, low,
        ];
    }

    /// <summary>
    /// One game: the final board, row by row (side 2·<paramref name="halfWidth"/> + 1; cell (r, c)
    /// at index r·side + c), each entry 1 for alive and 0 for dead. With triples, each cell's
    /// triple says how that cell changes on the jump's path.
    /// </summary>
    /// <typeparam name="T">The number type: <c>double</c> or a stochastic triple.</typeparam>
    /// <param name="p">The probability that a cell is alive at the start, in [0, 1].</param>
    /// <param name="halfWidth">The board's half-width N ≥ 0 (the board is (2N + 1) × (2N + 1)).</param>
    /// <param name="steps">The number of steps T ≥ 0.</param>
    /// <param name="theta">The probability that a cell does the opposite of the rule, in [0, 1].</param>
    /// <param name="rng">The generator of this run: first the initial board row by row, then each step's cells row by row, one draw each.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="theta"/> or <paramref name="p"/> is outside [0, 1].</exception>
    // NoInlining: inlined into a small caller (GameOfLifeModel.Run), this loop exhausted the JIT's
    // inlining budget and the triple's operators became real calls returning 40 bytes through memory
    // (about 2× the pruned run's time, docs/devdocs.md "performance"). A method of its own keeps them inline.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] Simulate<T>(T p, int halfWidth, int steps, double theta, StochasticRandom rng)
        where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckSizes(halfWidth, steps);
        double[] table = AliveNextTable(theta);
        int side = (2 * halfWidth) + 1;

        // A padded board (a ring of always-dead cells) so that every cell has four neighbours to read.
        int padded = side + 2;
        var board = new T[padded * padded];
        var old = new T[padded * padded];
        Array.Fill(board, T.Zero);
        Array.Fill(old, T.Zero);
        for (int r = 1; r <= side; r++)
        {
            for (int c = 1; c <= side; c++)
            {
                board[(r * padded) + c] = rng.Bernoulli(p);
            }
        }

        T five = T.CreateChecked(5);
        for (int step = 0; step < steps; step++)
        {
            // Synchronous update: every cell reads its neighbours from the previous board.
            (board, old) = (old, board);
            for (int r = 1; r <= side; r++)
            {
                for (int c = 1; c <= side; c++)
                {
                    int at = (r * padded) + c;
                    T count = old[at - padded] + old[at + padded] + old[at - 1] + old[at + 1];
                    T aliveNext = Indexing.At(table, (five * old[at]) + count);
                    board[at] = rng.Bernoulli(aliveNext);
                }
            }
        }

        var final = new T[side * side];
        for (int r = 0; r < side; r++)
        {
            Array.Copy(board, ((r + 1) * padded) + 1, final, r * side, side);
        }

        return final;
    }

    /// <summary>
    /// The exact E[number of live cells at the end] and its derivative in p, by propagating the
    /// distribution over all 2^(cells) boards; only for boards of at most 9 cells (N ≤ 1).
    /// </summary>
    /// <param name="p">The probability that a cell is alive at the start, in [0, 1].</param>
    /// <param name="halfWidth">The board's half-width: 0 or 1.</param>
    /// <param name="steps">The number of steps T ≥ 0.</param>
    /// <param name="theta">The flip probability, in [0, 1].</param>
    /// <param name="cancellationToken">Checked once per step; cancelling throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The board is larger than 3 × 3, or another argument is out of range.</exception>
    public static (double Mean, double Derivative) Exact(double p, int halfWidth, int steps, double theta, CancellationToken cancellationToken = default)
    {
        CheckSizes(halfWidth, steps);
        if (halfWidth > MaxExactHalfWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(halfWidth), halfWidth, $"Exact values are only computed for half-width ≤ {MaxExactHalfWidth} (at most 9 cells).");
        }

        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in [0, 1].");
        }

        double[] table = AliveNextTable(theta);
        int side = (2 * halfWidth) + 1;
        int cells = side * side;
        int states = 1 << cells;

        // value[s] = E[live cells at the end | board s now], computed backwards from the last step.
        var value = new double[states];
        for (int s = 0; s < states; s++)
        {
            value[s] = BitOperations.PopCount((uint)s);
        }

        var aliveNext = new double[cells];
        for (int step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = new double[states];
            for (int s = 0; s < states; s++)
            {
                for (int cell = 0; cell < cells; cell++)
                {
                    int r = cell / side, c = cell % side;
                    int count = Alive(s, r - 1, c, side) + Alive(s, r + 1, c, side) + Alive(s, r, c - 1, side) + Alive(s, r, c + 1, side);
                    aliveNext[cell] = table[(5 * Alive(s, r, c, side)) + count];
                }

                double sum = 0;
                for (int next = 0; next < states; next++)
                {
                    double prob = 1;
                    for (int cell = 0; cell < cells && prob != 0; cell++)
                    {
                        prob *= ((next >> cell) & 1) == 1 ? aliveNext[cell] : 1 - aliveNext[cell];
                    }

                    sum += prob * value[next];
                }

                before[s] = sum;
            }

            value = before;
        }

        // The start: P(s) = p^k (1 − p)^(n − k), dP/dp = Σ over cells of the derivative of one factor.
        double mean = 0, derivative = 0;
        for (int s = 0; s < states; s++)
        {
            int k = BitOperations.PopCount((uint)s);
            double prob = Math.Pow(p, k) * Math.Pow(1 - p, cells - k);
            double dprob = (k == 0 ? 0 : k * Math.Pow(p, k - 1) * Math.Pow(1 - p, cells - k))
                - (k == cells ? 0 : (cells - k) * Math.Pow(p, k) * Math.Pow(1 - p, cells - k - 1));
            mean += prob * value[s];
            derivative += dprob * value[s];
        }

        return (mean, derivative);
    }

    /// <summary>The largest half-width for which <see cref="Exact"/> computes values (a 3 × 3 board).</summary>
    public const int MaxExactHalfWidth = 1;

    private static int Alive(int state, int r, int c, int side) =>
        r < 0 || c < 0 || r >= side || c >= side ? 0 : (state >> ((r * side) + c)) & 1;

    private static void CheckSizes(int halfWidth, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(halfWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
    }

    private static void CheckTheta(double theta)
    {
        if (!(theta >= 0 && theta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(theta), theta, $"theta must be in [0, 1], but is {theta}.");
        }
    }
}
