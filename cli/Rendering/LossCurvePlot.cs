using ScottPlot;
using SimdNn.Cli.Files;
using Nn.Training;

namespace SimdNn.Cli.Rendering;

/// <summary>A PNG with two panels: training and validation loss per epoch (top), accuracy per epoch (bottom).</summary>
internal static class LossCurvePlot
{
    public static void Save(IReadOnlyList<EpochReport> history, string title, string path, int width = 800, int height = 600)
    {
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var lossPlot = multiplot.GetPlot(0);
        var accuracyPlot = multiplot.GetPlot(1);

        AddSeries(lossPlot, epochs, history.Select(h => h.TrainLoss).ToArray(), "training loss", Colors.Blue);
        var validationLoss = history.Where(h => h.ValidationLoss.HasValue).ToArray();
        if (validationLoss.Length > 0)
        {
            AddSeries(lossPlot, validationLoss.Select(h => (double)h.Epoch).ToArray(), validationLoss.Select(h => h.ValidationLoss!.Value).ToArray(), "validation loss", Colors.OrangeRed);
        }

        lossPlot.Title(title);
        lossPlot.YLabel("loss");
        lossPlot.ShowLegend(Alignment.UpperRight);

        AddSeries(accuracyPlot, epochs, history.Select(h => 100 * h.TrainAccuracy).ToArray(), "training accuracy", Colors.Blue);
        var validationAccuracy = history.Where(h => h.ValidationAccuracy.HasValue).ToArray();
        if (validationAccuracy.Length > 0)
        {
            AddSeries(accuracyPlot, validationAccuracy.Select(h => (double)h.Epoch).ToArray(), validationAccuracy.Select(h => 100 * h.ValidationAccuracy!.Value).ToArray(), "validation accuracy", Colors.OrangeRed);
        }

        accuracyPlot.YLabel("accuracy (%)");
        accuracyPlot.XLabel("epoch");
        accuracyPlot.ShowLegend(Alignment.LowerRight);

        AtomicFile.Write(path, temporary => multiplot.SavePng(temporary, width, height), ".png");
    }

    private static void AddSeries(Plot plot, double[] xs, double[] ys, string label, Color color)
    {
        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = xs.Length > 40 ? 0 : 4;
    }
}
