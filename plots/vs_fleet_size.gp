# flopcast chart template: training time and chip-hours of each run vs the size of one pool
# (the sweep's first axis is that pool's count).
#
# flopcast fills the @...@ fields and writes this script beside its data file @STEM@.dat:
# one block per training run, blocks separated by two blank lines, columns: pool size, then
# days (low percentile, P50, high percentile, mean), then million chip-hours (same four).
# It draws @STEM@.svg, .png and .pdf. Restyle by editing the written copy and running:
#   gnuplot @STEM@.gp
title_text    = "@TITLE@"
subtitle_text = "@SUBTITLE@"
source_text   = "@SOURCE@"
x_label       = "@XLABEL@"
data_file     = "@STEM@.dat"
show_base     = @SHOW_BASE@     # 1: mark the pool size in the scenario file (unknown after flopcast merge)
base_size     = @BASE_SIZE@
base_text     = "@BASE_TEXT@"
n_series      = @SERIES@
array series_name[n_series] = [@NAMES@]

# Per run: colour, dash type and point type, so runs stay apart in greyscale.
array colour[6] = ["#08306b", "#b2182b", "#1b7837", "#762a83", "#e08214", "#4d4d4d"]
array dash[6]   = [1, 2, 4, 5, 3, 1]
array marker[6] = [7, 5, 9, 11, 13, 3]

set grid xtics ytics lc rgb "#d8d8d8"
set offsets graph 0.03, graph 0.03, graph 0.10, graph 0.10
set yrange [0<*:*]   # days and chip-hours are never negative: no axis below zero
xtics_top    = '@XTICS_BLANK@'   # tics without labels on the upper panel
xtics_bottom = '@XTICS@'
set lmargin at screen 0.10
set rmargin at screen 0.97

if (show_base) {
  set arrow 1 from base_size, graph 0 to base_size, graph 1 nohead dt 3 lw 1.5 lc rgb "#555555"
}

# Per run: a legend entry (line and point), its percentile bars (solid, so short bars stay
# readable with a dashed line), then its P50 line.
top_plot = 'plot for [i=1:n_series] NaN with linespoints lw 2.5 dt dash[(i-1)%6+1] pt marker[(i-1)%6+1] ps 1.3 lc rgb colour[(i-1)%6+1] title series_name[i], \
  for [i=1:n_series] data_file index (i-1) using 1:3:2:4 with yerrorbars lw 1.5 dt 1 pt marker[(i-1)%6+1] ps 1.3 lc rgb colour[(i-1)%6+1] notitle, \
  for [i=1:n_series] data_file index (i-1) using 1:3 with lines lw 2.5 dt dash[(i-1)%6+1] lc rgb colour[(i-1)%6+1] notitle'
bottom_plot = 'plot for [i=1:n_series] data_file index (i-1) using 1:7:6:8 with yerrorbars lw 1.5 dt 1 pt marker[(i-1)%6+1] ps 1.3 lc rgb colour[(i-1)%6+1] notitle, \
  for [i=1:n_series] data_file index (i-1) using 1:7 with lines lw 2.5 dt dash[(i-1)%6+1] lc rgb colour[(i-1)%6+1] notitle'

# The key sits between the titles and the upper panel, one entry per run, in one or two columns.
longest = 0
do for [i=1:n_series] { longest = strlen(series_name[i]) > longest ? strlen(series_name[i]) : longest }
key_columns = longest > 44 ? 1 : 2
draw = 'set multiplot; \
  set label 3 title_text at screen 0.5, screen 0.968 center font ",14"; \
  set label 4 subtitle_text at screen 0.5, screen 0.935 center font ",11"; \
  set key at screen 0.5, screen 0.91 center top horizontal maxcols key_columns box opaque width 1; \
  set tmargin at screen (0.865 - 0.029 * ceil(1.0 * n_series / key_columns)); set bmargin at screen 0.52; \
  set label 2 base_text at base_size, graph 1 center offset 0, 0.6 font ",10" tc rgb "#555555" front; \
  set ylabel "Training time (days)"; unset xlabel; eval xtics_top; \
  unset label 1; \
  eval top_plot; \
  set tmargin at screen 0.49; set bmargin at screen 0.16; \
  unset key; unset label 2; unset label 3; unset label 4; \
  set ylabel "Chip-hours (millions)"; set xlabel x_label; eval xtics_bottom; \
  set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555"; \
  eval bottom_plot; \
  unset multiplot'

set terminal svg size 960,720 dynamic font "sans,12" background rgb "white" noenhanced
set output "@STEM@.svg"
eval draw

set terminal pngcairo size 960,720 font "sans,11" background rgb "white" noenhanced
set output "@STEM@.png"
eval draw

set terminal pdfcairo size 6.4in,4.8in font "sans,11" linewidth 0.5 pointscale 0.5 dashlength 2 background rgb "white" noenhanced
set output "@STEM@.pdf"
eval draw
unset output
