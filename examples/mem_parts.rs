//! Where a loaded plan's memory goes: bytes allocated, part by part.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Count;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Count {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(n, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static A: Count = Count;
fn mib() -> f64 {
    NOW.load(Ordering::Relaxed) as f64 / 1048576.0
}

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    println!("text {:.1}", mib());
    let mut plan = ragboard::store::parse::plan(&text).unwrap();
    println!(
        "text+plan {:.1} peak {:.1}",
        mib(),
        PEAK.load(Ordering::Relaxed) as f64 / 1048576.0
    );
    drop(text);
    let base = mib();
    println!("plan {:.1}", base);
    let mut last = mib();
    for p in plan.priorities.iter_mut() {
        for o in p.objectives.iter_mut() {
            for a in o.actions.iter_mut() {
                a.ratings.clear();
                a.ratings = Default::default();
            }
        }
    }
    println!("action ratings {:.1}", last - mib());
    last = mib();
    for p in plan.priorities.iter_mut() {
        for o in p.objectives.iter_mut() {
            for a in o.actions.iter_mut() {
                a.progress = Default::default();
            }
        }
    }
    println!("action progress {:.1}", last - mib());
    last = mib();
    for p in plan.priorities.iter_mut() {
        for o in p.objectives.iter_mut() {
            for a in o.actions.iter_mut() {
                a.measures = Default::default();
            }
        }
    }
    println!("action measures {:.1}", last - mib());
    last = mib();
    for p in plan.priorities.iter_mut() {
        for o in p.objectives.iter_mut() {
            for a in o.actions.iter_mut() {
                a.title = Default::default();
                a.lead = None;
                a.officer = None;
            }
        }
    }
    println!("action title/lead/officer {:.1}", last - mib());
    last = mib();
    for p in plan.priorities.iter_mut() {
        p.indicators = Default::default();
    }
    println!("indicators {:.1}", last - mib());
    last = mib();
    plan.changes = Default::default();
    println!("changes {:.1}", last - mib());
    last = mib();
    plan.priorities = Default::default();
    println!("rest of priorities {:.1}", last - mib());
    println!("left {:.1}", mib());
}
