# flopcast chart template: tornado of one metric's sensitivity to each uncertain input, one panel
# per grid point shown (stacked, the inputs in the same order in every panel).
#
# flopcast fills the @...@ fields and writes this script beside its data file @STEM@.dat: one
# block per panel (blocks separated by two blank lines), one row per input (rank, input path, the
# panel's base value, the metric with that input at its P5 and at its P95, swing; largest swing
# over the panels first; an input that does not move the metric in a panel has both ends at the
# base), and the images @STEM@.svg, .png and .pdf. A panel's base is the metric with every
# uncertain input at its median: each pair of bars moves one input away from it, so the bars
# start at the dashed line.
# Restyle the chart by editing the written copy and running:  gnuplot @STEM@.gp
title_text    = "@TITLE@"
subtitle_text = "@SUBTITLE@"
source_text   = "@SOURCE@"
x_label       = "@XLABEL@"
base_title    = "@BASE_TITLE@"   # the key entry of the dashed line
n_inputs      = @INPUTS@
n_panels      = @PANELS@
array panel_title[n_panels] = [@PANEL_TITLES@]   # the grid point of each panel (several panels)
array base_value[n_panels]  = [@BASES@]
array base_text[n_panels]   = [@BASE_TEXTS@]     # printed above the dashed line (one panel)
data_file     = "@STEM@.dat"
value_format  = "@FORMAT@"

lower(a, b) = a < b ? a : b
upper(a, b) = a < b ? b : a
half = 0.38   # bar height: the upper half of a row is the input at P5, the lower half at P95

# Layout in pixels of the 600-pixel-high single panel (the SVG and PNG are 960 wide): title,
# subtitle and key above, x label and source line below; each further panel adds its height
# and a gap for its tic labels and its title.
header = 126.0
footer = 90.0
plot_height = n_panels > 1 ? 240.0 : 384.0
gap = 62.0
height = header + footer + n_panels * plot_height + (n_panels - 1) * gap
top_of(i) = 1 - (header + (i - 1) * (plot_height + gap)) / height
bottom_of(i) = 1 - (header + (i - 1) * (plot_height + gap) + plot_height) / height

set label 3 title_text at screen 0.5, screen (1 - 23 / height) center font ",14"
set label 4 subtitle_text at screen 0.5, screen (1 - 47 / height) center font ",11"
set label 1 source_text at screen 0.01, screen (9 / height) font ",9" tc rgb "#555555"
set key at screen 0.5, screen (1 - 63 / height) center top horizontal maxcols 3 samplen 2.5 box opaque width 1
pad = n_inputs < 3 ? (3 - n_inputs) / 2.0 : 0   # a lone bar is no taller than one of three
set yrange [n_inputs + 0.6 + pad : 0.4 - pad]   # reversed: rank 1 at the top
set ytics scale 0
set grid xtics lc rgb "#c8c8c8"
set offsets graph 0.14, graph 0.14, 0, 0   # room for the value labels at the bar ends
set style fill solid 1.0 border rgb "black"

# One panel: light solid bars (input at P5) and dark hatched bars (input at P95) stay distinct in
# greyscale. Value labels: left of a bar that ends below the base, right of one that ends above
# it; none where an input does not move the metric. (An empty text rather than NaN skips a label:
# gnuplot 5.4.4 crashes on a labels plot with no points.)
panel(i) = sprintf('plot data_file index %d using 4:1:(lower($3,$4)):(upper($3,$4)):($1 - half):($1):ytic(2) with boxxyerror fs solid 1.0 border rgb "black" lc rgb "#a6bddb" title "input at its P5", \
  "" index %d using 5:1:(lower($3,$5)):(upper($3,$5)):($1):($1 + half) with boxxyerror fs pattern 4 border rgb "black" lc rgb "#08306b" title "input at its P95", \
  NaN with lines dt 2 lw 1.5 lc rgb "black" title base_title, \
  "" index %d using 4:($1 - half / 2):($4 < $3 ? sprintf(value_format, $4) : "") with labels right offset -0.6, 0 font ",10" notitle, \
  "" index %d using 4:($1 - half / 2):($4 > $3 ? sprintf(value_format, $4) : "") with labels left offset 0.6, 0 font ",10" notitle, \
  "" index %d using 5:($1 + half / 2):($5 < $3 ? sprintf(value_format, $5) : "") with labels right offset -0.6, 0 font ",10" notitle, \
  "" index %d using 5:($1 + half / 2):($5 > $3 ? sprintf(value_format, $5) : "") with labels left offset 0.6, 0 font ",10" notitle', \
  i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1)

# Every panel, stacked; the key above the first, the x label under the last.
draw_panels = 'set multiplot; \
  do for [i=1:n_panels] { \
    set tmargin at screen top_of(i); set bmargin at screen bottom_of(i); \
    if (i == 1) { set key on } else { set key off }; \
    if (i == n_panels) { set xlabel x_label } else { unset xlabel }; \
    set ylabel (n_panels > 1 ? "" : "Uncertain input (largest swing at the top)"); \
    set arrow 1 from base_value[i], graph 0 to base_value[i], graph 1 nohead dt 2 lw 1.5 lc rgb "black" front; \
    if (n_panels > 1) { unset label 2; set label 5 panel_title[i] at screen 0.01, graph 1 left offset 0, 0.9 font ",11" front } \
    else { unset label 5; set label 2 base_text[i] at base_value[i], graph 1 center offset 0, 0.7 font ",10" front }; \
    eval panel(i); \
    unset label 3; unset label 4; unset label 1 \
  }; \
  unset multiplot; \
  set label 3 title_text at screen 0.5, screen (1 - 23 / height) center font ",14"; \
  set label 4 subtitle_text at screen 0.5, screen (1 - 47 / height) center font ",11"; \
  set label 1 source_text at screen 0.01, screen (9 / height) font ",9" tc rgb "#555555"'

set terminal svg size 960,height dynamic font "sans,12" background rgb "white" noenhanced
set output "@STEM@.svg"
eval draw_panels

set terminal pngcairo size 960,height font "sans,11" background rgb "white" noenhanced
set output "@STEM@.png"
eval draw_panels

set terminal pdfcairo size 6.4in,(4.0 * height / 600)in font "sans,11" linewidth 0.5 pointscale 0.5 dashlength 2 background rgb "white" noenhanced
set output "@STEM@.pdf"
eval draw_panels
unset output
