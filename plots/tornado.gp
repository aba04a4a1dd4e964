# flopcast chart template: tornado of one metric's sensitivity to each uncertain input.
#
# flopcast fills the @...@ fields and writes this script beside its data file @STEM@.dat
# (rank, input path, base value, the metric with that input at its P5 and at its P95, swing;
# one row per input, largest swing first) and the images @STEM@.svg, .png and .pdf. The base is
# the metric with every uncertain input at its median: each pair of bars moves one input away
# from it, so the bars start at the dashed line.
# Restyle the chart by editing the written copy and running:  gnuplot @STEM@.gp
title_text    = "@TITLE@"
subtitle_text = "@SUBTITLE@"
source_text   = "@SOURCE@"
x_label       = "@XLABEL@"
base_value    = @BASE@
base_title    = "@BASE_TITLE@"   # the key entry of the dashed line
base_text     = "@BASE_TEXT@"    # printed above it
n_inputs      = @INPUTS@
data_file     = "@STEM@.dat"
value_format  = "@FORMAT@"

lower(a, b) = a < b ? a : b
upper(a, b) = a < b ? b : a
half = 0.38   # bar height: the upper half of a row is the input at P5, the lower half at P95

# Fixed layout (fractions of the canvas): title, subtitle and key above the plot, source line below.
set label 3 title_text at screen 0.5, screen 0.962 center font ",14"
set label 4 subtitle_text at screen 0.5, screen 0.922 center font ",11"
set key at screen 0.5, screen 0.895 center top horizontal maxcols 3 samplen 2.5 box opaque width 1
set tmargin at screen 0.79   # below the key box, with room for the base label above the plot
set bmargin at screen 0.15
set xlabel x_label
set ylabel "Uncertain input (largest swing at the top)"
pad = n_inputs < 3 ? (3 - n_inputs) / 2.0 : 0   # a lone bar is no taller than one of three
set yrange [n_inputs + 0.6 + pad : 0.4 - pad]   # reversed: rank 1 at the top
set ytics scale 0
set grid xtics lc rgb "#c8c8c8"
set offsets graph 0.14, graph 0.14, 0, 0   # room for the value labels at the bar ends
set style fill solid 1.0 border rgb "black"
set arrow 1 from base_value, graph 0 to base_value, graph 1 nohead dt 2 lw 1.5 lc rgb "black" front
set label 2 base_text at base_value, graph 1 center offset 0, 0.7 font ",10" front
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555"

# Light solid bars (input at P5) and dark hatched bars (input at P95) stay distinct in greyscale.
# Value labels: left of a bar that ends below the base, right of one that ends above it. (An
# empty text rather than NaN skips a label: gnuplot 5.4.4 crashes on a labels plot with no points.)
plot_it = 'plot data_file using 4:1:(lower($3,$4)):(upper($3,$4)):($1 - half):($1):ytic(2) with boxxyerror fs solid 1.0 border rgb "black" lc rgb "#a6bddb" title "input at its P5", \
  "" using 5:1:(lower($3,$5)):(upper($3,$5)):($1):($1 + half) with boxxyerror fs pattern 4 border rgb "black" lc rgb "#08306b" title "input at its P95", \
  NaN with lines dt 2 lw 1.5 lc rgb "black" title base_title, \
  "" using 4:($1 - half / 2):($4 < $3 ? sprintf(value_format, $4) : "") with labels right offset -0.6, 0 font ",10" notitle, \
  "" using 4:($1 - half / 2):($4 < $3 ? "" : sprintf(value_format, $4)) with labels left offset 0.6, 0 font ",10" notitle, \
  "" using 5:($1 + half / 2):($5 < $3 ? sprintf(value_format, $5) : "") with labels right offset -0.6, 0 font ",10" notitle, \
  "" using 5:($1 + half / 2):($5 < $3 ? "" : sprintf(value_format, $5)) with labels left offset 0.6, 0 font ",10" notitle'

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
