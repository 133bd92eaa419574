package io.tributary.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/** Bar charts of benchmark results, written as PNG with XChart (pure Java, headless). */
final class Charts {

    private static final Color[] PALETTE = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B3),
    };

    private Charts() {}

    /**
     * A grouped bar chart: one group per category, one bar per series, the value printed on each bar.
     *
     * @param series series name to one value per category, in category order
     */
    static CategoryChart bars(String title, String xTitle, String yTitle, List<String> categories,
            Map<String, List<? extends Number>> series, String decimalPattern) {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(600)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setLegendVisible(series.size() > 1);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setSeriesColors(PALETTE);
        styler.setDecimalPattern(decimalPattern);
        styler.setLabelsVisible(true);
        styler.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLabelsFontColorAutomaticEnabled(false);
        styler.setLabelsFontColor(Color.BLACK);
        styler.setLabelsPosition(1.0);
        styler.setYAxisMin(0.0);
        styler.setAvailableSpaceFill(0.7);
        styler.setOverlapped(false);
        series.forEach((name, values) -> chart.addSeries(name, categories, values));
        return chart;
    }

    /** Writes {@code chart} to {@code file} (which must end in {@code .png}). */
    static void savePng(CategoryChart chart, Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!name.endsWith(".png")) {
            throw new IllegalArgumentException("expected a .png file name, got " + name);
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // XChart appends the extension itself.
        String base = parent.resolve(name.substring(0, name.length() - 4)).toString();
        BitmapEncoder.saveBitmapWithDPI(chart, base, BitmapEncoder.BitmapFormat.PNG, 110);
    }
}
