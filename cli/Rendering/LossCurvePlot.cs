using ScottPlot;
using Nn.Dense;
using Nn.Training;

namespace SimdNn.Cli.Rendering;

/// <summary>
/// A PNG or SVG (by the extension of the path) with two panels: training and validation loss per epoch (top),
/// accuracy per epoch (bottom); a regression run (accuracy NaN) has the loss panel alone.
/// </summary>
internal static class LossCurvePlot
{
    public static void Save(IReadOnlyList<EpochReport> history, int bestEpoch, string title, string path, int width = 800, int height = 600)
    {
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        bool accuracy = history.Count > 0 && !double.IsNaN(history[0].TrainAccuracy);
        var multiplot = new Multiplot();
        multiplot.AddPlots(accuracy ? 2 : 1);
        var lossPlot = multiplot.GetPlot(0);

        AddSeries(lossPlot, epochs, history.Select(h => h.TrainLoss).ToArray(), "training loss", Colors.Blue);
        var validationLoss = history.Where(h => h.ValidationLoss.HasValue).ToArray();
        if (validationLoss.Length > 0)
        {
            AddSeries(lossPlot, validationLoss.Select(h => (double)h.Epoch).ToArray(), validationLoss.Select(h => h.ValidationLoss!.Value).ToArray(), "validation loss", Colors.OrangeRed);
        }

        lossPlot.Title(title);
        lossPlot.YLabel("loss");
        lossPlot.ShowLegend(Alignment.UpperRight);
        if (!accuracy) lossPlot.XLabel("epoch");

        foreach (var plot in accuracy ? [lossPlot, AccuracyPanel(multiplot.GetPlot(1), history, epochs)] : new[] { lossPlot })
        {
            // Epochs are whole numbers; both panels share the same epoch axis.
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.Axes.SetLimitsX(0.5, Math.Max(epochs.Length, 1) + 0.5);
            if (bestEpoch > 0)
            {
                var line = plot.Add.VerticalLine(bestEpoch, 1, Colors.Gray, LinePattern.Dashed);
                if (plot == lossPlot) line.LegendText = $"model kept (epoch {bestEpoch})";
            }
        }

        byte[] bytes = Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)
            ? Svg(multiplot, width, height)
            : Png(multiplot, width, height);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private static Plot AccuracyPanel(Plot accuracyPlot, IReadOnlyList<EpochReport> history, double[] epochs)
    {
        AddSeries(accuracyPlot, epochs, history.Select(h => 100 * h.TrainAccuracy).ToArray(), "training accuracy", Colors.Blue);
        var validationAccuracy = history.Where(h => h.ValidationAccuracy.HasValue).ToArray();
        if (validationAccuracy.Length > 0)
        {
            AddSeries(accuracyPlot, validationAccuracy.Select(h => (double)h.Epoch).ToArray(), validationAccuracy.Select(h => 100 * h.ValidationAccuracy!.Value).ToArray(), "validation accuracy", Colors.OrangeRed);
        }

        accuracyPlot.YLabel("accuracy (%)");
        accuracyPlot.XLabel("epoch");
        accuracyPlot.ShowLegend(Alignment.LowerRight);
        return accuracyPlot;
    }

    private static byte[] Png(Multiplot multiplot, int width, int height)
    {
        using var image = multiplot.Render(width, height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    /// <summary>SkiaSharp's SVG canvas records the same drawing calls as a bitmap would get; the document ends when the canvas is disposed.</summary>
    private static byte[] Svg(Multiplot multiplot, int width, int height)
    {
        using var stream = new MemoryStream();
        using (var managed = new SkiaSharp.SKManagedWStream(stream))
        using (var canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, width, height), managed))
        {
            multiplot.Render(canvas, new PixelRect(new PixelSize(width, height)));
        }

        return stream.ToArray();
    }

    private static void AddSeries(Plot plot, double[] xs, double[] ys, string label, Color color)
    {
        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = xs.Length > 40 ? 0 : 4;
    }
}
