/** The stylesheet of the report and the review UI (one string; category filter rules generated). */
import { safeId } from "./escape.js";

const BASE = `
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#dde2e8;--bg:#f6f7f9;--card:#fff;--yes:#2f7d5b;--yes-bg:#e3f1ea;
--no:#8a94a3;--no-bg:#eceff3;--na-hatch:repeating-linear-gradient(45deg,#fff 0 2.5px,#aeb7c2 2.5px 4px);--warn:#b85c00;--warn-bg:#fff1e0;--gold:#7a5af5;--accent:#3b6ea5;--focus:#f0b429}
*{box-sizing:border-box}
html{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
body{margin:0}
a{color:var(--accent)}
h1{font-size:1.5rem;line-height:1.25;margin:.2rem 0 .4rem}
h2{font-size:1.05rem;margin:0 0 .6rem}
h3{font-size:1rem;margin:0}
.top{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center;padding:.6rem 1.5rem;background:#1f2933;color:#fff}
.top .brand{font-weight:700;letter-spacing:.02em}
.top a{color:#cfe0f5;text-decoration:none}.top a:hover{text-decoration:underline}
.top .who{margin-left:auto;color:#cbd2d9;font-size:.85rem}
main{max-width:1280px;margin:0 auto;padding:1rem 1.5rem 1.5rem}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem 1.1rem;margin:0 0 1rem}
.lede{color:var(--muted);margin:0 0 1rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.7rem;margin:0 0 1rem}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .9rem}
.tile b{display:block;font-size:1.45rem}
.tile span{color:var(--muted);font-size:.85rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:0 0 1rem}
.filters .group{display:flex;gap:.3rem;align-items:center}
.filters .group>span{color:var(--muted);font-size:.85rem;margin-right:.2rem}
button,select{font:inherit;font-size:.88rem;border:1px solid #c4cdd6;background:#fff;border-radius:6px;padding:.25rem .65rem;cursor:pointer;color:var(--ink)}
button:hover{border-color:var(--accent)}
button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff}
.two{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem}
@media (max-width:900px){.two{grid-template-columns:1fr}}
.variant{display:none}
body[data-dl=all] .variant[data-variant=all],body[data-dl=dl] .variant[data-variant=dl],body[data-dl=nondl] .variant[data-variant=nondl]{display:block}
body[data-dl=dl] tr[data-dl="0"],body[data-dl=nondl] tr[data-dl="1"]{display:none}
.rate{display:grid;grid-template-columns:3.2rem minmax(0,1fr) 160px 3.6rem;gap:.5rem;align-items:center;font-size:.88rem;padding:1px 0}
.rate .n,.cqn{color:var(--muted);font-variant-numeric:tabular-nums}
.rate .v{text-align:right;font-variant-numeric:tabular-nums}
.rate .l{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hint{color:var(--muted);font-size:.82rem;margin:.5rem 0 0}
.scroll{overflow-x:auto;max-width:100%}
svg.hist{max-width:100%;height:auto}
table.values{border-collapse:collapse;font-size:.84rem;min-width:100%}
table.values th,table.values td{border-top:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
table.values td{min-width:6rem;max-width:16rem;overflow-wrap:anywhere}
table.values th.paper{min-width:14rem;max-width:20rem;font-weight:500}
table.values thead th{position:sticky;top:0;background:var(--card);white-space:nowrap}
table.values thead button{border:0;background:none;padding:0;font-weight:600;color:var(--ink)}
table.values thead th[aria-sort=ascending] button::after{content:" ▲";font-size:.7rem}
table.values thead th[aria-sort=descending] button::after{content:" ▼";font-size:.7rem}
table.values tr[hidden]{display:none}
input[type=search]{font:inherit;font-size:.88rem;border:1px solid #c4cdd6;border-radius:6px;padding:.25rem .5rem;min-width:14rem;max-width:100%}
@media (max-width:600px){main{padding:.6rem}table.heat th.paper{max-width:9rem}.top{padding:.5rem .8rem}.rate{grid-template-columns:2.6rem minmax(0,1fr) 90px 3rem}.rate svg.bar{width:90px}}
table.heat{border-collapse:separate;border-spacing:2px;font-size:.82rem}
table.heat th{font-weight:600;text-align:left}
table.heat thead th.q{text-align:center;vertical-align:bottom;color:var(--muted);font-weight:500;min-width:1.45rem;font-variant-numeric:tabular-nums;padding:0 0 .2rem}
table.heat thead th.q .ql{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block;max-height:11rem;overflow:hidden;text-overflow:ellipsis;font-size:.78rem;line-height:1.45rem}
table.heat thead th.q .ql b{font-weight:600;color:var(--ink)}
table.heat th.paper{max-width:22rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding-right:.6rem}
table.heat td.c{padding:0}
table.heat td.pct{text-align:right;padding-right:.5rem;color:var(--muted);font-variant-numeric:tabular-nums}
a.cell{display:block;width:1.45rem;height:1.45rem;border-radius:3px;position:relative;text-decoration:none}
a.cell.yes{background:var(--yes)}a.cell.no{background:var(--no-bg);box-shadow:inset 0 0 0 1px #d2d8df}
a.cell.na{background:var(--na-hatch);box-shadow:inset 0 0 0 1px #cfd5dc}
a.cell.yes.low{background:#93c6ae}a.cell.low{outline:1px dashed #5f6b7a;outline-offset:-1px}
a.cell.dis::after{content:"";position:absolute;right:2px;top:2px;width:6px;height:6px;border-radius:50%;background:var(--warn);box-shadow:0 0 0 1px #fff}
a.cell.rev{outline:2px solid var(--gold);outline-offset:-2px}
a.cell:hover,a.cell:focus{outline:2px solid var(--focus);outline-offset:0}
.legend{display:flex;flex-wrap:wrap;gap:1rem;font-size:.82rem;color:var(--muted);margin:.2rem 0 .7rem;align-items:center}
.legend i{display:inline-block;width:.95rem;height:.95rem;border-radius:3px;vertical-align:-2px;margin-right:.3rem;position:relative}
.legend i.yes{background:var(--yes)}.legend i.no{background:var(--no-bg);box-shadow:inset 0 0 0 1px #d2d8df}
.legend i.na{background:var(--na-hatch);box-shadow:inset 0 0 0 1px #cfd5dc}
.legend i.low{outline:1px dashed #5f6b7a;outline-offset:-1px;margin-right:.15rem}.legend i.yes.low{background:#93c6ae}.legend i.no.low{background:var(--no-bg);box-shadow:none}.legend i.rev{background:var(--no-bg);outline:2px solid var(--gold);outline-offset:-2px}
.legend i.dis{background:var(--no-bg)}.legend i.dis::after{content:"";position:absolute;right:1px;top:1px;width:6px;height:6px;border-radius:50%;background:var(--warn)}
.exports a{margin-right:1rem;display:inline-block;overflow-wrap:anywhere}
.crumbs{font-size:.88rem;margin:0 0 .4rem;display:flex;gap:1rem}
.meta{color:var(--muted);margin:0 0 1rem;font-size:.9rem}
.biblio{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:0 0 1rem;font-size:.9rem}.biblio div{display:contents}.biblio dt{color:var(--muted)}.biblio dd{margin:0;overflow-wrap:anywhere}.biblio .src{font-size:.75rem;color:var(--muted);border:1px solid currentColor;border-radius:3px;padding:0 .25rem;margin-left:.3rem}
.metaedit{margin:0 0 1rem;font-size:.9rem}.metaform{display:grid;gap:.3rem;max-width:40rem}.metaform label{display:grid;grid-template-columns:10rem 1fr;gap:.5rem;align-items:center}
.flags{margin:.3rem 0;font-size:.75rem;color:var(--muted)}.flag{display:inline-block;border-radius:4px;padding:0 .35rem;box-shadow:inset 0 0 0 1px var(--line)}
.pill{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.78rem;font-weight:600;line-height:1.5rem;white-space:nowrap}
.pill.yes{background:var(--yes-bg);color:var(--yes)}.pill.no{background:var(--no-bg);color:#4b5563}
.pill.dis{background:var(--warn-bg);color:var(--warn)}.pill.reviewed{background:#efeafe;color:var(--gold)}.pill.machine{background:#fff;color:var(--muted);box-shadow:inset 0 0 0 1px var(--line)}
.pill.low{background:#fdf6d8;color:#8a6d00}
.pill.na{background:#f4f5f7;color:#3d4752;box-shadow:inset 0 0 0 1px #8a94a3;outline:1px dashed #f4f5f7;outline-offset:-1px}
.card{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--no);border-radius:8px;padding:.8rem 1rem;margin:0 0 .75rem;scroll-margin-top:1rem}
.card.yes{border-left-color:var(--yes)}
.card.na{border-left-style:dashed;border-left-color:#aab3bf}
.card.current{box-shadow:0 0 0 3px var(--focus)}
.card:focus{outline:none}
.card header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.card header .conf{color:var(--muted);font-size:.82rem;margin-left:auto}
.card .q{color:var(--muted);margin:.25rem 0 .5rem;font-size:.88rem}
.card .ans{margin:.3rem 0;overflow-wrap:anywhere}
.card .ans .src{color:var(--muted);font-size:.85rem}
.card .paperref{font-size:.85rem;width:100%}
.ev{margin:.4rem 0 0;padding:0;list-style:none}
.ev li{border-left:3px solid #c9d3de;background:#f8fafc;padding:.3rem .6rem;margin:.3rem 0;font-size:.88rem;overflow-wrap:anywhere}
.ev .pg{color:var(--muted);font-size:.78rem;margin-left:.4rem;white-space:nowrap}
table.votes{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 0;width:100%}
table.votes th,table.votes td{border-top:1px solid var(--line);padding:.25rem .4rem;text-align:left;vertical-align:top}
table.votes td.a{overflow-wrap:anywhere}
.gold,.notes{font-size:.86rem;margin:.5rem 0 0;padding:.4rem .6rem;background:#f7f5ff;border-radius:6px}
.notes{list-style:none;background:#fbfbf4}
.review{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.6rem 0 0}
.review .status{font-size:.82rem;color:var(--muted)}
.review .status.err{color:#b42318}
.editor{width:100%;display:flex;flex-direction:column;gap:.4rem}
.editor[hidden]{display:none}
.editor textarea{font:inherit;font-size:.9rem;width:100%;min-height:4.5rem;padding:.4rem;border:1px solid #c4cdd6;border-radius:6px}
kbd{font:600 .75rem ui-monospace,SFMono-Regular,Menlo,monospace;border:1px solid #c4cdd6;border-bottom-width:2px;border-radius:4px;padding:0 .3rem;background:#f8fafc;color:var(--ink)}
.keys{position:sticky;bottom:0;background:#fff;border-top:1px solid var(--line);padding:.45rem 1.5rem;font-size:.82rem;color:var(--muted);display:flex;flex-wrap:wrap;gap:1rem}
html.js .page[hidden]{display:none}
.empty{color:var(--muted)}
.looked{font-size:.86rem;margin:.4rem 0 0}.looked.none{color:var(--muted)}
.looked summary{cursor:pointer;color:var(--muted)}
.looked ol{margin:.3rem 0;padding-left:1.4rem}.looked li{margin:.25rem 0;overflow-wrap:anywhere}
.looked .pg,.looked .score{color:var(--muted);font-size:.78rem;margin-left:.4rem;white-space:nowrap}
.looked .why{display:inline-block;border-radius:4px;padding:0 .35rem;font-size:.75rem;box-shadow:inset 0 0 0 1px var(--line);color:var(--muted)}
.looked button{font-size:.75rem}
.textview{margin:.8rem 0}.textbar{position:sticky;top:0;background:#fff;padding:.4rem 0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;border-bottom:1px solid var(--line)}
.textbar input{font:inherit;padding:.25rem .4rem;min-width:14rem}.textbar .chosen{font-size:.82rem;color:var(--muted);overflow-wrap:anywhere}
.papertext{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.92rem;line-height:1.5;max-width:52rem}
mark.cand{background:#fff1b8;cursor:pointer;border-radius:2px}mark.cand.on{background:#ffd666;outline:2px solid #d48806}
::highlight(search){background:#91caff}
.rates h3{margin:.9rem 0 .1rem}
.trends{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:.3rem .8rem;margin:.4rem 0 0}
figure.trend{margin:0}svg.trend{max-width:100%;height:auto}
`;

/**
 * The stylesheet, with one hiding rule per question category for the category filter.
 * @example stylesheet(["data", "model"])
 */
export function stylesheet(categories: string[]): string {
  const rules = categories
    .map((c) => `body[data-cat="${safeId(c)}"] [data-cat]:not([data-cat="${safeId(c)}"]){display:none}`)
    .join("\n");
  return `${BASE.trim()}\n${rules}\n`;
}
