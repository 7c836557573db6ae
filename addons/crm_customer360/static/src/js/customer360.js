odoo.define('crm_customer360.timeline', function (require) {
"use strict";

/**
 * Customer 360: one customer's interactions with every department on one
 * timeline, newest first, with filters and "load more" (keyset cursor).
 *
 * Client action tag: crm_customer360.timeline. The customer is the action
 * context's active_id (or params.active_id / partner_id); without one, the
 * action asks for a customer. The page size comes from the context's (or the
 * URL's) ``limit``, 50 by default.
 */

var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var field_utils = require('web.field_utils');
var session = require('web.session');
var Widget = require('web.Widget');
var widgetRegistry = require('web.widget_registry');

var QWeb = core.qweb;
var _t = core._t;

var DEFAULT_LIMIT = 50;
var SEARCH_DELAY = 400;

/**
 * The departments, in display order. Labels are translated when called,
 * after the translations are loaded.
 *
 * @returns {Object[]} {code, label, icon}
 */
function departments() {
    return [
        {code: 'sales', label: _t("Sales"), icon: 'fa-handshake-o'},
        {code: 'marketing', label: _t("Marketing"), icon: 'fa-bullhorn'},
        {code: 'service', label: _t("Service"), icon: 'fa-life-ring'},
        {code: 'finance', label: _t("Finance"), icon: 'fa-money'},
        {code: 'logistics', label: _t("Logistics"), icon: 'fa-truck'},
        {code: 'other', label: _t("Other"), icon: 'fa-circle'},
    ];
}

/**
 * Add display values to a server event: local day and time, department
 * label and icon, formatted amount.
 *
 * @param {Object} event as returned by res.partner.customer360_timeline
 * @param {Object} departmentsByCode
 * @returns {Object}
 */
function prepareEvent(event, departmentsByCode) {
    // A date-only event (all_day, when the server says so) keeps its
    // day: no time zone shift and no time shown.
    var when = moment.utc(event.date, 'YYYY-MM-DD HH:mm:ss');
    if (!event.all_day) {
        when = when.local();
    }
    var dept = departmentsByCode[event.department] ||
        {code: event.department, label: event.department, icon: 'fa-circle'};
    var amount = '';
    if (event.amount !== false && event.amount !== null && event.amount !== undefined) {
        amount = field_utils.format.float(event.amount, null, {digits: [16, 2]});
        if (event.currency) {
            amount += '\u00a0' + event.currency;
        }
    }
    return _.extend({}, event, {
        dayKey: when.format('YYYY-MM-DD'),
        time: event.all_day ? '' : when.format('HH:mm'),
        dept: dept,
        amountText: amount,
    });
}

/**
 * Prepared events (newest first) grouped by day.
 *
 * @param {Object[]} rows
 * @returns {Object[]} {key, label, events}; each event has its row index
 */
function groupByDay(rows) {
    var days = [];
    var today = moment().format('YYYY-MM-DD');
    var yesterday = moment().subtract(1, 'days').format('YYYY-MM-DD');
    _.each(rows, function (row, index) {
        var day = days.length && days[days.length - 1];
        if (!day || day.key !== row.dayKey) {
            var label;
            if (row.dayKey === today) {
                label = _t("Today");
            } else if (row.dayKey === yesterday) {
                label = _t("Yesterday");
            } else {
                label = moment(row.dayKey, 'YYYY-MM-DD').format('dddd LL');
            }
            day = {key: row.dayKey, label: label, events: []};
            days.push(day);
        }
        day.events.push(_.extend({index: index}, row));
    });
    return days;
}

/**
 * The action opening an event's document.
 *
 * @param {Object} row
 * @returns {Object|false}
 */
function documentAction(row) {
    if (!row || !row.res_model || !row.res_id) {
        return false;
    }
    return {
        type: 'ir.actions.act_window',
        res_model: row.res_model,
        res_id: row.res_id,
        views: [[false, 'form']],
        target: 'current',
    };
}

/**
 * Rows of events (``this.rows``, rendered with a ``data-index``) that open
 * their document on click or Enter/Space: shared by the full-page timeline
 * and the compact one on the partner form.
 */
var EventRowsMixin = {
    /**
     * Open the event's document.
     *
     * @private
     * @param {MouseEvent} ev
     */
    _onOpenEvent: function (ev) {
        var action = documentAction(this.rows[$(ev.currentTarget).data('index')]);
        if (action) {
            this.do_action(action);
        }
    },
    /**
     * @private
     * @param {KeyboardEvent} ev
     */
    _onEventKeydown: function (ev) {
        if (ev.which === $.ui.keyCode.ENTER || ev.which === $.ui.keyCode.SPACE) {
            ev.preventDefault();
            this._onOpenEvent(ev);
        }
    },
};

var Customer360 = Widget.extend(ControlPanelMixin, EventRowsMixin, {
    template: 'crm_customer360.Timeline',
    events: {
        'click .o_c360_dept': '_onToggleDepartment',
        'change .o_c360_event_type, .o_c360_user, .o_c360_date_from, .o_c360_date_to': '_onFilterChange',
        'input .o_c360_search': '_onSearchInput',
        'keydown .o_c360_search': '_onSearchKeydown',
        'click .o_c360_clear': '_onClearFilters',
        'click .o_c360_toggle_filters': '_onToggleFilters',
        'click .o_c360_event': '_onOpenEvent',
        'keydown .o_c360_event': '_onEventKeydown',
        'click .o_c360_load_more': '_onLoadMore',
        'click .o_c360_quick_action': '_onQuickAction',
        'input .o_c360_partner_search': '_onPartnerSearchInput',
        'click .o_c360_partner_choice': '_onChoosePartner',
        'click .o_c360_fact_link': '_onOpenFact',
        'keydown .o_c360_fact_link': '_onFactKeydown',
    },

    /**
     * @override
     * @param {Widget} parent the action manager
     * @param {Object} action the client action
     */
    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action = action;
        this.action_manager = parent;
        var context = action.context || {};
        var params = _.extend({}, context.params || {}, action.params || {});
        this.partnerId = parseInt(context.active_id || params.active_id ||
            context.partner_id || params.partner_id, 10) || false;
        var limit = parseInt(context.limit || params.limit, 10);
        this.limit = limit > 0 ? Math.min(limit, 200) : DEFAULT_LIMIT;
        this.departments = departments();
        this.departmentsByCode = _.indexBy(this.departments, 'code');
        this.sources = [];
        this.quickActions = [];  // header buttons, from res.partner.customer360_quick_actions
        this.partner = null;
        this.users = {};        // id -> name of every employee seen in loaded events
        this.rows = [];         // loaded timeline events, newest first
        this.nextCursor = false;
        this.loading = false;
        this.requestSeq = 0;    // answers to superseded requests are dropped
        this._resetFilters();
        this.searchTimer = null;
        this._debouncedPartnerSearch = _.debounce(this._searchPartners.bind(this), SEARCH_DELAY);
    },
    /**
     * @override
     */
    willStart: function () {
        return $.when(this._super.apply(this, arguments), this._loadSources(), this._loadPartner(),
                      this._loadFacts(), this._loadQuickActions());
    },
    /**
     * @override
     */
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self._updateControlPanel();
            self._renderFacts();
            if (self.partnerId && self.partner) {
                return self._reload();
            }
            return self._searchPartners();
        });
    },
    /**
     * Called when coming back through the breadcrumbs: the widget kept its
     * filters and rows, only the control panel needs to be set again.
     *
     * @override
     */
    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },
    /**
     * On a phone, the web client's left sub-menu would leave the timeline
     * too narrow: the LESS hides it while this action is on screen.
     *
     * @override
     */
    on_attach_callback: function () {
        $('body').addClass('o_c360_shown');
    },
    /**
     * @override
     */
    on_detach_callback: function () {
        $('body').removeClass('o_c360_shown');
    },
    /**
     * @override
     */
    destroy: function () {
        clearTimeout(this.searchTimer);
        $('body').removeClass('o_c360_shown');
        this._super.apply(this, arguments);
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * @private
     */
    _resetFilters: function () {
        this.filters = {
            departments: [],
            eventType: '',
            userId: '',
            dateFrom: '',
            dateTo: '',
            search: '',
        };
    },
    /**
     * @private
     * @returns {Deferred}
     */
    _loadSources: function () {
        var self = this;
        return this._rpc({
            model: 'crm.customer360.source',
            method: 'search_read',
            kwargs: {
                domain: [],
                fields: ['name', 'event_type', 'department'],
                context: session.user_context,
            },
        }).then(function (sources) {
            self.sources = sources;
        });
    },
    /**
     * The header's quick actions (Log a promise, New ticket...): every addon
     * contributes through res.partner.customer360_quick_actions.
     *
     * @private
     * @returns {Deferred}
     */
    _loadQuickActions: function () {
        var self = this;
        this.quickActions = [];
        if (!this.partnerId) {
            return $.when();
        }
        return this._rpc({
            model: 'res.partner',
            method: 'customer360_quick_actions',
            args: [[this.partnerId]],
            context: session.user_context,
        }).then(function (actions) {
            self.quickActions = actions || [];
        });
    },
    /**
     * Run a quick action; the header and the timeline are reloaded when its
     * dialog closes (a promise or a ticket just created shows at once).
     *
     * @private
     * @param {MouseEvent} ev
     */
    _onQuickAction: function (ev) {
        ev.preventDefault();
        var self = this;
        var quickAction = this.quickActions[$(ev.currentTarget).data('index')];
        if (!quickAction) {
            return;
        }
        this.do_action(quickAction.action, {
            on_close: function () {
                self._loadFacts().then(function () {
                    self._renderFacts();
                    self._reload();
                });
            },
        });
    },
    /**
     * The facts to know before talking to the customer (header).
     *
     * @private
     * @returns {Deferred}
     */
    _loadFacts: function () {
        var self = this;
        this.facts = null;
        if (!this.partnerId) {
            return $.when();
        }
        return this._rpc({
            model: 'res.partner',
            method: 'customer360_header',
            args: [[this.partnerId]],
            context: session.user_context,
        }).then(function (facts) {
            self.facts = facts;
        });
    },
    /**
     * @private
     * @param {Object} figure {count, amount}
     * @returns {string}
     */
    _formatFigure: function (figure) {
        return field_utils.format.float(figure.amount, null, {digits: [16, 0]}) + '\u00a0' + this.facts.currency;
    },
    /**
     * The header tiles: each says what it counts (label, breakdown), has a
     * one-line definition (title) and opens the records it counts
     * (res.partner.customer360_fact_action with its ``fact`` key). A figure
     * the user may not see (listed in facts.hidden) says so; a missing one
     * (false) is empty, never 0.
     *
     * @private
     * @returns {Object[]} {key, label, title, value, parts, alert, muted, fact}
     */
    _factTiles: function () {
        var self = this;
        var facts = this.facts;
        var hidden = facts.hidden || [];
        var tiles = [];
        function add(key, label, title, build, options) {
            options = options || {};
            var tile = {key: key, label: label, title: title, parts: [], value: '',
                        fact: key, alert: false, muted: false, wide: !!options.wide};
            if (_.contains(hidden, key)) {
                if (options.optional) {
                    return;
                }
                tile.value = _t("Not available to you");
                tile.muted = true;
                tile.fact = false;
            } else if (facts[key] === false || facts[key] === undefined) {
                if (options.optional || options.empty === undefined) {
                    return;
                }
                tile.value = options.empty;
                tile.muted = true;
                tile.fact = options.emptyFact || false;
            } else if (build(tile, facts[key]) === false) {
                return;
            }
            tiles.push(tile);
        }
        function money(tile, figure) {
            tile.value = self._formatFigure(figure);
            tile.parts = [{text: _.str.sprintf(_t("(%s)"), figure.count)}];
        }
        add('revenue_lifetime', _t("Revenue, lifetime"),
            _t("Net revenue: posted customer invoices minus credit notes, untaxed, in the company currency at each invoice's date. Click to see them."),
            money);
        add('revenue_12_months', _t("Revenue, last 12 months"),
            _t("The same net revenue, of the invoices dated in the last 365 days. Click to see them."),
            money);
        add('open_pipeline', _t("Open pipeline"),
            _t("Expected revenue of the open opportunities (neither won nor lost), in the company currency at today's rate; (n) = opportunities. Click to see them."),
            money);
        add('open_quotations', _t("Open quotations"),
            _t("Untaxed total of the quotations not confirmed yet (draft or sent), in the company currency at each order's date; (n) = quotations. Click to see them."),
            money);
        add('overdue_receivables', _t("Overdue receivables"),
            _t("Amount still due on open customer invoices past their due date, less open credit notes past their date (as the Aged Receivable report), in the company currency; (n) = documents. Click to see them."),
            function (tile, figure) {
                money(tile, figure);
                tile.alert = !!figure.amount;
            });
        add('open_promises', _t("Open promises"),
            _t("Promises to this customer neither kept, broken nor cancelled; overdue: past their due date. Click to see them."),
            function (tile, figure) {
                tile.value = String(figure.count);
                var overdue = facts.overdue_promises;
                if (overdue && overdue.count) {
                    tile.alert = true;
                    tile.parts = [{fact: 'overdue_promises', text: _.str.sprintf(_t("(%s overdue)"), overdue.count),
                                   title: _t("Open promises past their due date. Click to see them.")}];
                }
            });
        add('unanswered', _t("Awaiting our reply"),
            _t("Customer emails of the last 365 days without an answer from an employee after the configured delay. Click to see them."),
            function (tile, figure) {
                tile.value = String(figure.count);
                tile.alert = !!figure.count;
                if (figure.oldest) {
                    tile.parts = [{text: _.str.sprintf(_t("(since %s)"), figure.oldest.substr(0, 10))}];
                }
            });
        add('open_problems', _t("Open problems"),
            _t("Promises past their due date and service tickets past their SLA; confirming a sale to this customer asks to acknowledge them."),
            function (tile, count) {
                if (!count) {
                    return false;
                }
                tile.alert = true;
                tile.fact = false;
                var promises = facts.problem_promises || 0;
                var tickets = facts.problem_tickets || 0;
                if (promises) {
                    tile.parts.push({fact: 'problem_promises',
                        text: promises === 1 ? _t("1 promise past due") : _.str.sprintf(_t("%s promises past due"), promises),
                        title: _t("Open promises past their due date. Click to see them.")});
                }
                if (tickets) {
                    tile.parts.push({fact: 'problem_tickets',
                        text: tickets === 1 ? _t("1 ticket past its SLA") : _.str.sprintf(_t("%s tickets past their SLA"), tickets),
                        title: _t("Open service tickets past their SLA deadline. Click to see them.")});
                }
            }, {optional: true});
        add('price_conflicts', _t("Conflicting quotes"),
            _t("Pairs of open quotations by different salespeople with a different price for the same product. Click to see the quotations."),
            function (tile, count) {
                if (!count) {
                    return false;
                }
                tile.value = String(count);
                tile.alert = true;
                tile.parts = [{text: count === 1 ? _t("pair of quotations") : _t("pairs of quotations")}];
            }, {optional: true});
        add('tier', _t("Loyalty tier"),
            _t("The customer's loyalty tier, earned from its purchases. Click to see how it changed."),
            function (tile, tier) {
                tile.value = tier;
                tile.icon = 'fa-star';
            }, {optional: !_.contains(hidden, 'tier')});
        add('satisfaction', _t("Satisfaction"),
            _t("Answered surveys: average CSAT (1-5) and NPS (% promoters 9-10 minus % detractors 0-6, from -100 to 100); (n) = answers. Click to see them."),
            function (tile, sat) {
                tile.value = _.str.sprintf(_t("CSAT %s · NPS %s"),
                    sat.csat_avg === false ? '—' : sat.csat_avg, sat.nps === false ? '—' : sat.nps);
                tile.alert = sat.csat_avg !== false && sat.csat_avg < 3;
                tile.parts = [{text: _.str.sprintf(_t("(%s)"), sat.count)}];
            }, {optional: !_.contains(hidden, 'satisfaction')});
        add('last_contact', _t("Last contact"),
            _t("The newest email, message, call or meeting with the customer on the timeline. Click to open it."),
            function (tile, event) {
                tile.value = event.date.substr(0, 10) + ' · ' + event.event_type_label +
                    (event.user ? ' · ' + event.user : '');
                tile.document = event;
                tile.fact = false;
            }, {wide: true, empty: _t("None yet")});
        add('next_activity', _t("Next activity"),
            _t("The activity due first on the customer or one of its documents. Click to open its document."),
            function (tile, activity) {
                tile.value = activity.date_deadline + ' · ' + (activity.summary || '') +
                    (activity.user ? ' · ' + activity.user : '');
                tile.document = activity;
                tile.fact = false;
            }, {wide: true, empty: _t("None scheduled")});
        return tiles;
    },
    /**
     * @private
     */
    _renderFacts: function () {
        if (!this.facts) {
            return;
        }
        this.tiles = this._factTiles();
        this.$('.o_c360_facts').html(QWeb.render('crm_customer360.Facts', {
            tiles: this.tiles,
            consent: this.facts.consent,
        }));
    },
    /**
     * Open the records behind a header figure, or the document of the
     * last contact / next activity.
     *
     * @private
     * @param {MouseEvent} ev
     */
    _onOpenFact: function (ev) {
        ev.preventDefault();
        var $target = $(ev.currentTarget);
        var fact = $target.data('fact');
        if (!fact) {
            var tile = this.tiles && this.tiles[$target.data('tile')];
            var action = tile && documentAction(tile.document);
            if (action) {
                this.do_action(action);
            }
            return;
        }
        ev.stopPropagation();
        var self = this;
        this._rpc({
            model: 'res.partner',
            method: 'customer360_fact_action',
            args: [[this.partnerId], fact],
            context: session.user_context,
        }).then(function (action) {
            self.do_action(action);
        });
    },
    /**
     * @private
     * @param {KeyboardEvent} ev
     */
    _onFactKeydown: function (ev) {
        if (ev.which === $.ui.keyCode.ENTER || ev.which === $.ui.keyCode.SPACE) {
            ev.preventDefault();
            this._onOpenFact(ev);
        }
    },
    /**
     * @private
     * @returns {Deferred}
     */
    _loadPartner: function () {
        var self = this;
        if (!this.partnerId) {
            this.partner = null;
            return $.when();
        }
        return this._rpc({
            model: 'res.partner',
            method: 'read',
            args: [[this.partnerId], ['display_name', 'is_company', 'commercial_partner_id']],
            context: session.user_context,
        }).then(function (records) {
            self.partner = records[0] || null;
            if (self.partner) {
                self.set('title', _.str.sprintf(_t("Customer 360: %s"), self.partner.display_name));
            }
        });
    },
    /**
     * Event type choices, grouped by department, one per event type code.
     *
     * @private
     * @returns {Object[]} {department, label, types: [{code, label}]}
     */
    _eventTypeGroups: function () {
        var self = this;
        var seen = {};
        var groups = {};
        _.each(this.sources, function (source) {
            if (seen[source.event_type]) {
                return;
            }
            seen[source.event_type] = true;
            var dept = source.department || 'other';
            groups[dept] = groups[dept] || [];
            groups[dept].push({code: source.event_type, label: source.name});
        });
        return _.filter(_.map(this.departments, function (dept) {
            return groups[dept.code] && {
                department: dept.code,
                label: dept.label,
                types: _.sortBy(groups[dept.code], 'label'),
            };
        }), _.identity).concat(_.map(_.difference(_.keys(groups), _.pluck(self.departments, 'code')), function (code) {
            return {department: code, label: code, types: groups[code]};
        }));
    },
    /**
     * The employees seen so far, sorted by name.
     *
     * @private
     * @returns {Object[]} {id, name}
     */
    _userChoices: function () {
        return _.sortBy(_.map(this.users, function (name, id) {
            return {id: parseInt(id, 10), name: name};
        }), function (user) { return (user.name || '').toLowerCase(); });
    },
    /**
     * A local day's bound as a UTC datetime string for the server.
     *
     * @private
     * @param {string} day YYYY-MM-DD in the user's time zone
     * @param {boolean} endOfDay
     * @returns {string|false}
     */
    _utcBound: function (day, endOfDay) {
        if (!day) {
            return false;
        }
        var m = moment(day, 'YYYY-MM-DD', true);
        if (!m.isValid()) {
            return false;
        }
        if (endOfDay) {
            m.endOf('day');
        }
        return m.utc().format('YYYY-MM-DD HH:mm:ss');
    },
    /**
     * @private
     * @param {string|false} cursor
     * @returns {Object} the keyword arguments of customer360_timeline
     */
    _timelineKwargs: function (cursor) {
        var f = this.filters;
        return {
            limit: this.limit,
            cursor: cursor || null,
            departments: f.departments.length ? f.departments : null,
            event_types: f.eventType ? [f.eventType] : null,
            user_ids: f.userId ? [parseInt(f.userId, 10)] : null,
            date_from: this._utcBound(f.dateFrom, false) || null,
            date_to: this._utcBound(f.dateTo, true) || null,
            search: f.search || null,
            context: session.user_context,
        };
    },
    /**
     * Load a page of events.
     *
     * @private
     * @param {boolean} append true to add the next page after the loaded rows
     * @returns {Deferred}
     */
    _fetch: function (append) {
        var self = this;
        if (!this.partnerId) {
            return $.when();
        }
        if (this.filters.dateFrom && this.filters.dateTo && this.filters.dateFrom > this.filters.dateTo) {
            this.do_warn(_t("Dates"), _t("The start date is after the end date."));
            return $.when();
        }
        var seq = ++this.requestSeq;
        this.loading = true;
        this._renderStatus();
        return this._rpc({
            model: 'res.partner',
            method: 'customer360_timeline',
            args: [[this.partnerId]],
            kwargs: this._timelineKwargs(append ? this.nextCursor : false),
        }).then(function (result) {
            if (seq !== self.requestSeq) {
                return;
            }
            var rows = _.map(result.events, self._prepareEvent.bind(self));
            self.rows = append ? self.rows.concat(rows) : rows;
            self.nextCursor = result.next_cursor || false;
            _.each(result.events, function (event) {
                if (event.user_id && event.user) {
                    self.users[event.user_id] = event.user;
                }
            });
        }).always(function () {
            if (seq === self.requestSeq) {
                self.loading = false;
                self._renderTimeline();
                self._renderUserOptions();
            }
        });
    },
    /**
     * @private
     * @returns {Deferred}
     */
    _reload: function () {
        return this._fetch(false);
    },
    /**
     * @private
     * @param {Object} event
     * @returns {Object}
     */
    _prepareEvent: function (event) {
        return prepareEvent(event, this.departmentsByCode);
    },
    /**
     * @private
     * @returns {Object[]} the loaded events grouped by day
     */
    _days: function () {
        return groupByDay(this.rows);
    },
    /**
     * @private
     * @returns {boolean}
     */
    _hasFilters: function () {
        var f = this.filters;
        return !!(f.departments.length || f.eventType || f.userId || f.dateFrom || f.dateTo || f.search);
    },
    /**
     * @private
     */
    _renderTimeline: function () {
        this.$('.o_c360_timeline').html(QWeb.render('crm_customer360.Days', {
            days: this._days(),
            filtered: this._hasFilters(),
        }));
        this._renderStatus();
    },
    /**
     * @private
     */
    _renderStatus: function () {
        this.$el.toggleClass('o_c360_loading', this.loading);
        this.$('.o_c360_more').toggleClass('hidden', !this.nextCursor);
        this.$('.o_c360_load_more').prop('disabled', this.loading);
        this.$('.o_c360_count').text(this.rows.length ?
            _.str.sprintf(_t("%s events shown"), this.rows.length) : '');
        this.$('.o_c360_clear').toggleClass('hidden', !this._hasFilters());
    },
    /**
     * @private
     */
    _renderUserOptions: function () {
        var $select = this.$('.o_c360_user');
        $select.html(QWeb.render('crm_customer360.UserOptions', {
            users: this._userChoices(),
            selected: this.filters.userId,
        }));
        $select.val(this.filters.userId);
    },
    /**
     * Put the filter values back in the inputs (after a reset).
     *
     * @private
     */
    _renderFilters: function () {
        var self = this;
        this.$('.o_c360_dept').each(function () {
            var active = _.contains(self.filters.departments, $(this).data('department'));
            $(this).toggleClass('active', active).attr('aria-pressed', active ? 'true' : 'false');
        });
        this.$('.o_c360_event_type').val(this.filters.eventType);
        this.$('.o_c360_user').val(this.filters.userId);
        this.$('.o_c360_date_from').val(this.filters.dateFrom);
        this.$('.o_c360_date_to').val(this.filters.dateTo);
        this.$('.o_c360_search').val(this.filters.search);
    },
    /**
     * @private
     */
    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {},
        }, {clear: true});
    },
    /**
     * Customer choice when the action was opened without one.
     *
     * @private
     */
    _searchPartners: function () {
        var self = this;
        var term = (this.$('.o_c360_partner_search').val() || '').trim();
        return this._rpc({
            model: 'res.partner',
            method: 'name_search',
            kwargs: {name: term, args: [['parent_id', '=', false]], limit: 8, context: session.user_context},
        }).then(function (results) {
            self.$('.o_c360_partner_results').html(QWeb.render('crm_customer360.PartnerChoices', {
                partners: results,
            }));
        });
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onToggleDepartment: function (ev) {
        ev.preventDefault();
        var code = $(ev.currentTarget).data('department');
        if (_.contains(this.filters.departments, code)) {
            this.filters.departments = _.without(this.filters.departments, code);
        } else {
            this.filters.departments = this.filters.departments.concat([code]);
        }
        this._renderFilters();
        this._reload();
    },
    /**
     * @private
     */
    _onFilterChange: function () {
        this.filters.eventType = this.$('.o_c360_event_type').val() || '';
        this.filters.userId = this.$('.o_c360_user').val() || '';
        this.filters.dateFrom = this.$('.o_c360_date_from').val() || '';
        this.filters.dateTo = this.$('.o_c360_date_to').val() || '';
        this._reload();
    },
    /**
     * @private
     */
    _onSearchInput: function () {
        var search = (this.$('.o_c360_search').val() || '').trim();
        clearTimeout(this.searchTimer);
        if (search !== this.filters.search) {
            this.searchTimer = setTimeout(this._applySearch.bind(this), SEARCH_DELAY);
        }
    },
    /**
     * Enter searches at once.
     *
     * @private
     * @param {KeyboardEvent} ev
     */
    _onSearchKeydown: function (ev) {
        if (ev.which === $.ui.keyCode.ENTER) {
            ev.preventDefault();
            this._applySearch();
        }
    },
    /**
     * Search with the text of the search box (now, cancelling a pending
     * delayed search).
     *
     * @private
     */
    _applySearch: function () {
        clearTimeout(this.searchTimer);
        this.filters.search = (this.$('.o_c360_search').val() || '').trim();
        this._reload();
    },
    /**
     * @private
     */
    _onClearFilters: function () {
        clearTimeout(this.searchTimer);
        this._resetFilters();
        this._renderFilters();
        this._reload();
    },
    /**
     * Phones: show or hide the filter fields.
     *
     * @private
     */
    _onToggleFilters: function () {
        var $filters = this.$('.o_c360_filters').toggleClass('o_c360_filters_open');
        this.$('.o_c360_toggle_filters').attr('aria-expanded',
            $filters.hasClass('o_c360_filters_open') ? 'true' : 'false');
    },
    /**
     * @private
     */
    _onLoadMore: function () {
        if (this.nextCursor && !this.loading) {
            this._fetch(true);
        }
    },
    /**
     * @private
     */
    _onPartnerSearchInput: function () {
        this._debouncedPartnerSearch();
    },
    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onChoosePartner: function (ev) {
        ev.preventDefault();
        var partnerId = $(ev.currentTarget).data('id');
        this.do_action({
            type: 'ir.actions.client',
            tag: 'crm_customer360.timeline',
            name: _t("Customer 360"),
            context: {active_id: partnerId, active_ids: [partnerId], active_model: 'res.partner',
                      limit: this.limit},
        });
    },
});

/**
 * The latest events of the customer, in the partner form:
 * <widget name="customer360_compact"/>.
 */
var Customer360Compact = Widget.extend(EventRowsMixin, {
    template: 'crm_customer360.Compact',
    events: {
        'click .o_c360_event': '_onOpenEvent',
        'keydown .o_c360_event': '_onEventKeydown',
        'click .o_c360_open_full': '_onOpenFull',
    },
    limit: 10,

    /**
     * @override
     * @param {Widget} parent
     * @param {Object} record the form's record
     */
    init: function (parent, record) {
        this._super.apply(this, arguments);
        this.partnerId = record.res_id || false;
        this.departmentsByCode = _.indexBy(departments(), 'code');
        this.rows = [];
        this.hasMore = false;
    },
    /**
     * @override
     */
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            if (self.partnerId) {
                self._load();
            }
        });
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * Loaded after the form is shown: the form does not wait for it.
     *
     * @private
     * @returns {Deferred}
     */
    _load: function () {
        var self = this;
        return this._rpc({
            model: 'res.partner',
            method: 'customer360_timeline',
            args: [[this.partnerId]],
            kwargs: {limit: this.limit, context: session.user_context},
        }).then(function (result) {
            self.rows = _.map(result.events, function (event) {
                return prepareEvent(event, self.departmentsByCode);
            });
            self.hasMore = !!result.next_cursor;
            self.$('.o_c360_timeline').html(QWeb.render('crm_customer360.Days', {
                days: groupByDay(self.rows),
                filtered: false,
            }));
            self.$('.o_c360_open_full').toggleClass('hidden', !self.rows.length);
        });
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onOpenFull: function (ev) {
        ev.preventDefault();
        this.do_action('crm_customer360.action_customer360_timeline', {
            additional_context: {
                active_id: this.partnerId,
                active_ids: [this.partnerId],
                active_model: 'res.partner',
            },
        });
    },
});

core.action_registry.add('crm_customer360.timeline', Customer360);
widgetRegistry.add('customer360_compact', Customer360Compact);

return {
    Customer360: Customer360,
    Customer360Compact: Customer360Compact,
};

});
