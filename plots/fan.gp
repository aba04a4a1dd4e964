# flopcast chart template: fan chart of one metric over the sweep's first axis.
#
# flopcast fills the @...@ fields and writes this script beside its data file @STEM@.dat:
# one block per series (training run or inference service), blocks separated by two blank
# lines, columns x, low percentile, P50, high percentile, mean. It draws @STEM@.svg, .png, .pdf.
# Restyle the chart by editing the written copy and running:  gnuplot @STEM@.gp
title_text    = "@TITLE@"
subtitle_text = "@SUBTITLE@"
source_text   = "@SOURCE@"
x_label       = "@XLABEL@"
y_label       = "@YLABEL@"
data_file     = "@STEM@.dat"
band_text     = "@BAND@"   # e.g. "P5-P95"
mid_text      = "@MID@"    # e.g. "P50"
n_series      = @SERIES@
array series_name[n_series] = [@NAMES@]

# Per series: line colour, band colour (lighter), dash type, point type and band pattern, so
# series stay apart in greyscale and a line stays visible on its own band.
array colour[6]  = ["#08306b", "#b2182b", "#1b7837", "#762a83", "#e08214", "#4d4d4d"]
array band[6]    = ["#6f8fb8", "#e39a9a", "#8cc08c", "#b79cc4", "#f2bd7a", "#a0a0a0"]
array dash[6]    = [1, 2, 4, 5, 3, 1]
array marker[6]  = [7, 5, 9, 11, 13, 3]
array pattern[6] = [0, 4, 5, 6, 7, 2]   # series 1: light solid band; others: hatched bands

# Fixed layout (fractions of the canvas): title, subtitle and key (one or two columns) above the
# plot, source line below.
set label 3 title_text at screen 0.5, screen 0.962 center font ",14"
set label 4 subtitle_text at screen 0.5, screen 0.922 center font ",11"
longest = 0
do for [i=1:n_series] { longest = strlen(series_name[i]) > longest ? strlen(series_name[i]) : longest }
key_columns = longest > 44 ? 1 : 2   # two columns when the names leave room for them
set key at screen 0.5, screen 0.895 center top horizontal maxcols key_columns box opaque width 1
set tmargin at screen (0.855 - 0.035 * ceil(1.0 * n_series / key_columns))
set bmargin at screen 0.15
set xlabel x_label
set ylabel y_label
xtics_cmd     = '@XTICS@'   # tics at the sweep's axis values
eval xtics_cmd
set grid xtics ytics lc rgb "#d8d8d8"
set offsets graph 0.03, graph 0.03, graph 0.08, graph 0.08
set yrange [0<*:*]   # the metrics charted are never negative: no axis below zero
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555"

# The key has one entry per series, showing its line (P50) and point (mean); each band takes the
# colour of its series, solid for the first and hatched for the others (the subtitle says what
# the band is).
plot_it = 'plot for [i=1:n_series] NaN with linespoints lw 2.5 dt dash[(i-1)%6+1] pt marker[(i-1)%6+1] ps 1.3 lc rgb colour[(i-1)%6+1] title series_name[i], \
  for [i=1:1] data_file index (i-1) using 1:2:4 with filledcurves lc rgb band[(i-1)%6+1] fs transparent solid 0.35 noborder notitle, \
  for [i=2:n_series] data_file index (i-1) using 1:2:4 with filledcurves lc rgb band[(i-1)%6+1] fs transparent pattern pattern[(i-1)%6+1] border notitle, \
  for [i=1:n_series] data_file index (i-1) using 1:3 with lines lw 2.5 dt dash[(i-1)%6+1] lc rgb colour[(i-1)%6+1] notitle, \
  for [i=1:n_series] data_file index (i-1) using 1:5 with points pt marker[(i-1)%6+1] ps 1.3 lc rgb colour[(i-1)%6+1] notitle'

set terminal svg size 960,600 dynamic font "sans,12" background rgb "white" noenhanced
set output "@STEM@.svg"
eval plot_it

set terminal pngcairo size 960,600 font "sans,11" background rgb "white" noenhanced
set output "@STEM@.png"
eval plot_it

set terminal pdfcairo size 6.4in,4in font "sans,11" linewidth 0.5 pointscale 0.5 dashlength 2 background rgb "white" noenhanced
set output "@STEM@.pdf"
eval plot_it
unset output
